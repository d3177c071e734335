using EId.Biometrics.Liveness;
using EId.Faces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Biometrics.Tests.Liveness;

/// <summary>The plane-homography fit behind the 3-D motion check and the synthetic planar attacks.</summary>
public sealed class PlanarMotionTests
{
    private static FacePoint[] Face(int seed) => [.. Enumerable.Range(0, 68).Select(i =>
    {
        var r = new Random(seed + i);
        return i is >= 36 and < 48
            ? new FacePoint((i < 42 ? 260 : 380) + (r.NextSingle() * 10), 200 + (r.NextSingle() * 5))
            : new FacePoint(200 + (r.NextSingle() * 240), 150 + (r.NextSingle() * 240));
    })];

    private static FacePoint Map(double[] h, FacePoint p)
    {
        var w = (h[6] * p.X) + (h[7] * p.Y) + h[8];
        return new FacePoint((float)(((h[0] * p.X) + (h[1] * p.Y) + h[2]) / w), (float)(((h[3] * p.X) + (h[4] * p.Y) + h[5]) / w));
    }

    [Property(MaxTest = 200)]
    public Property A_picture_moved_by_any_perspective_has_no_residual_and_the_fit_recovers_the_motion(int seed)
    {
        var r = new Random(seed);
        double J(double a) => (r.NextDouble() - 0.5) * 2 * a;
        // A tilt, a turn, a shift and a mild perspective, as a photo moved in front of a camera.
        double[] h = [1 + J(0.3), J(0.3), J(60), J(0.3), 1 + J(0.3), J(60), J(4e-4), J(4e-4), 1];
        var from = Face(seed);
        var to = from.Select(p => Map(h, p)).ToArray();

        var fitted = new double[9];
        var ok = PlanarMotion.TryFitHomography(from, to, fitted);
        var fitError = ok ? from.Max(p => Distance(Map(fitted, p), Map(h, p))) : double.PositiveInfinity;
        return (ok && PlanarMotion.Residual(from, to) < 1e-3 && fitError < 0.05).ToProperty();
    }

    [Fact]
    public void A_point_leaving_the_plane_shows_as_residual_and_bad_input_is_not_a_number()
    {
        var from = Face(7);
        var to = from.Select((p, i) => i == 30 ? new FacePoint(p.X + 25, p.Y) : p).ToArray(); // the nose tip moved alone
        Assert.True(PlanarMotion.Residual(from, to) > 0.02);

        Assert.True(float.IsNaN(PlanarMotion.Residual(from, to[..40])));
        Assert.True(float.IsNaN(PlanarMotion.Residual([.. Enumerable.Repeat(new FacePoint(1, 1), 68)], to)));
        Span<double> h = stackalloc double[9];
        Assert.False(PlanarMotion.TryFitHomography(from[..3], to[..3], h));
    }

    private static double Distance(FacePoint a, FacePoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
