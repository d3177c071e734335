using EId.Biometrics.Alignment;
using EId.Faces;
using EId.Imaging;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Biometrics.Tests.Alignment;

public sealed class SimilarityTransformTests
{
    [Property(MaxTest = 200)]
    public Property Recovers_a_known_similarity(NormalFloat angle, PositiveInt scale100, NormalFloat tx, NormalFloat ty)
    {
        var s = 0.2 + ((scale100.Get % 500) / 100.0);
        var theta = angle.Get % Math.PI;
        var truth = new SimilarityTransform((float)(s * Math.Cos(theta)), (float)(s * Math.Sin(theta)), (float)(tx.Get % 1000), (float)(ty.Get % 1000));
        var from = FaceAligner.ArcFaceTemplate112;
        var to = from.Select(truth.Apply).ToArray();
        var estimated = SimilarityTransform.Estimate(from, to);
        var ok = from.Zip(to).All(p =>
        {
            var q = estimated.Apply(p.First);
            return MathF.Abs(q.X - p.Second.X) < 1e-2f * (1 + MathF.Abs(p.Second.X)) && MathF.Abs(q.Y - p.Second.Y) < 1e-2f * (1 + MathF.Abs(p.Second.Y));
        });
        return ok.ToProperty();
    }

    [Fact]
    public void Inverse_undoes_the_transform()
    {
        var t = new SimilarityTransform(1.3f, -0.4f, 12, -7);
        var p = new FacePoint(31, 77);
        var back = t.Invert().Apply(t.Apply(p));
        Assert.Equal(p.X, back.X, 3);
        Assert.Equal(p.Y, back.Y, 3);
    }

    [Fact]
    public void Least_squares_spreads_the_error_instead_of_shearing()
    {
        // Mouth corners displaced: a 3-point affine would shear to fit them; the similarity keeps eye distance and angle.
        var from = FaceAligner.ArcFaceTemplate112.ToArray();
        var to = from.Select(p => new FacePoint(p.X * 2, p.Y * 2)).ToArray();
        to[3] = new FacePoint(to[3].X - 6, to[3].Y);
        var t = SimilarityTransform.Estimate(from, to);
        Assert.InRange(t.Scale, 1.95f, 2.05f);
        Assert.InRange(MathF.Abs(t.B), 0, 0.05f);
    }

    [Fact]
    public void Coincident_points_are_rejected() =>
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new(1, 1), new(1, 1)], [new(0, 0), new(2, 2)]));

    [Fact]
    public void Align_warps_the_landmarks_onto_the_template()
    {
        // A 200×200 image with a bright dot at the "left eye" position of a face at 1.5× scale, offset by (20, 10).
        using var image = PixelBuffer.Rent(200, 200, PixelFormat.Rgb24);
        var five = FaceAligner.ArcFaceTemplate112.Select(p => new FacePoint((p.X * 1.5f) + 20, (p.Y * 1.5f) + 10)).ToArray();
        var eye = five[0];
        for (var y = -2; y <= 2; y++)
        {
            for (var x = -2; x <= 2; x++)
            {
                image.Row((int)MathF.Round(eye.Y) + y).Slice(((int)MathF.Round(eye.X) + x) * 3, 3).Fill(255);
            }
        }

        using var crop = FaceAligner.Align(image, new FaceLandmarks(LandmarkScheme.FivePoint, five));
        var target = FaceAligner.ArcFaceTemplate112[0];
        Assert.True(crop.Row((int)MathF.Round(target.Y))[(int)MathF.Round(target.X) * 3] > 200, "the eye lands on the template's left eye");
        Assert.True(crop.Row(100)[100 * 3] < 20, "elsewhere stays dark");
    }
}
