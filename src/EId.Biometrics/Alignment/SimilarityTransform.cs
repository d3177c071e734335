using System.Numerics;
using EId.Faces;

namespace EId.Biometrics.Alignment;

/// <summary>
/// A 2-D similarity transform (rotation, uniform scale, translation), <c>x' = a·x − b·y + tx</c>, <c>y' = b·x + a·y + ty</c>.
/// </summary>
/// <param name="A">scale·cos θ.</param>
/// <param name="B">scale·sin θ.</param>
/// <param name="Tx">Translation x.</param>
/// <param name="Ty">Translation y.</param>
public readonly record struct SimilarityTransform(float A, float B, float Tx, float Ty)
{
    /// <summary>The uniform scale factor.</summary>
    public float Scale => MathF.Sqrt((A * A) + (B * B));

    /// <summary>
    /// The least-squares similarity that maps <paramref name="from"/> onto <paramref name="to"/> (Umeyama's closed form;
    /// this parametrisation cannot reflect). Uses all points, unlike a 3-point affine, which shears faces.
    /// </summary>
    /// <param name="from">Source points.</param>
    /// <param name="to">Target points, same count (at least 2).</param>
    /// <returns>The transform.</returns>
    /// <exception cref="ArgumentException">Counts differ, fewer than two points, or all source points coincide.</exception>
    public static SimilarityTransform Estimate(IReadOnlyList<FacePoint> from, IReadOnlyList<FacePoint> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Count != to.Count || from.Count < 2)
        {
            throw new ArgumentException("Need the same number (at least two) of source and target points.", nameof(to));
        }

        double mx = 0, my = 0, nx = 0, ny = 0;
        var n = from.Count;
        for (var i = 0; i < n; i++)
        {
            mx += from[i].X;
            my += from[i].Y;
            nx += to[i].X;
            ny += to[i].Y;
        }

        mx /= n;
        my /= n;
        nx /= n;
        ny /= n;
        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            var sx = from[i].X - mx;
            var sy = from[i].Y - my;
            var tx = to[i].X - nx;
            var ty = to[i].Y - ny;
            dot += (sx * tx) + (sy * ty);
            cross += (sx * ty) - (sy * tx);
            norm += (sx * sx) + (sy * sy);
        }

        if (norm < 1e-12)
        {
            throw new ArgumentException("The source points coincide.", nameof(from));
        }

        var a = dot / norm;
        var b = cross / norm;
        return new SimilarityTransform((float)a, (float)b, (float)(nx - ((a * mx) - (b * my))), (float)(ny - ((b * mx) + (a * my))));
    }

    /// <summary>Applies the transform.</summary>
    /// <param name="p">A point.</param>
    /// <returns>The mapped point.</returns>
    public FacePoint Apply(FacePoint p) => new((A * p.X) - (B * p.Y) + Tx, (B * p.X) + (A * p.Y) + Ty);

    /// <summary>The inverse transform.</summary>
    /// <returns>The transform that undoes this one.</returns>
    public SimilarityTransform Invert()
    {
        var d = (A * A) + (B * B);
        var ia = A / d;
        var ib = -B / d;
        return new SimilarityTransform(ia, ib, -((ia * Tx) - (ib * Ty)), -((ib * Tx) + (ia * Ty)));
    }

    /// <summary>As a <see cref="Matrix3x2"/> (row-vector convention).</summary>
    /// <returns>The matrix.</returns>
    public Matrix3x2 ToMatrix() => new(A, B, -B, A, Tx, Ty);
}
