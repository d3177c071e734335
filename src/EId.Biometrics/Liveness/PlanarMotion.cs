using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// 3-D motion evidence from landmarks. A flat photo or screen moved, tilted or turned in front of a camera maps its
/// landmarks from one frame to the next by a plane homography; a real head turning does not (the nose tip leaves the
/// plane of the eyes and mouth, the jaw outline slides over the cheeks). <see cref="Residual"/> fits the homography by
/// least squares and reports how far the points are from it, in inter-ocular distances.
/// </summary>
public static class PlanarMotion
{
    /// <summary>
    /// RMS distance of <paramref name="to"/>'s points from <paramref name="from"/>'s mapped by the best-fitting
    /// homography, divided by <paramref name="to"/>'s inter-ocular distance; NaN when the points are degenerate.
    /// </summary>
    /// <param name="from">Landmarks of one frame (68 iBUG points).</param>
    /// <param name="to">Landmarks of another frame of the same face.</param>
    /// <returns>The normalised residual (≈ landmark noise for a plane; larger for a 3-D head that changed pose).</returns>
    public static float Residual(IReadOnlyList<FacePoint> from, IReadOnlyList<FacePoint> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        Span<double> h = stackalloc double[9];
        if (from.Count < 8 || !TryFitHomography(from, to, h))
        {
            return float.NaN;
        }

        double sum = 0;
        for (var i = 0; i < from.Count; i++)
        {
            var (u, v) = Apply(h, from[i]);
            if (double.IsNaN(u))
            {
                return float.NaN;
            }

            sum += ((u - to[i].X) * (u - to[i].X)) + ((v - to[i].Y) * (v - to[i].Y));
        }

        var interOcular = InterOcular(to);
        return interOcular > 0 ? (float)(Math.Sqrt(sum / from.Count) / interOcular) : float.NaN;
    }

    /// <summary>
    /// The plane homography that best maps <paramref name="from"/> onto <paramref name="to"/> (least squares; exact for four
    /// points in general position), as nine row-major coefficients in the points' own coordinates with the last one 1.
    /// </summary>
    /// <param name="from">Source points (at least four).</param>
    /// <param name="to">Destination points, one per source point.</param>
    /// <param name="homography">Receives the nine coefficients.</param>
    /// <returns>False when the points are degenerate or the counts differ.</returns>
    internal static bool TryFitHomography(IReadOnlyList<FacePoint> from, IReadOnlyList<FacePoint> to, Span<double> homography)
    {
        if (from.Count != to.Count || from.Count < 4 || homography.Length < 9)
        {
            return false;
        }

        // Hartley normalisation keeps the normal equations well conditioned for pixel coordinates.
        var (fc, fs) = Normaliser(from);
        var (tc, ts) = Normaliser(to);
        Span<double> ata = stackalloc double[64];
        Span<double> atb = stackalloc double[8];
        ata.Clear();
        atb.Clear();
        Span<double> row = stackalloc double[8];
        for (var i = 0; i < from.Count; i++)
        {
            double x = (from[i].X - fc.X) * fs, y = (from[i].Y - fc.Y) * fs;
            double u = (to[i].X - tc.X) * ts, v = (to[i].Y - tc.Y) * ts;
            // u·(h7 x + h8 y + 1) = h1 x + h2 y + h3, and likewise for v (h9 fixed at 1).
            Accumulate([x, y, 1, 0, 0, 0, -u * x, -u * y], u, ata, atb, row);
            Accumulate([0, 0, 0, x, y, 1, -v * x, -v * y], v, ata, atb, row);
        }

        Span<double> n = stackalloc double[8];
        if (!Solve(ata, atb, n))
        {
            return false;
        }

        // Back to the points' own coordinates: H = T(to)⁻¹ · Hn · T(from), with T(p) = scale · (p − centre).
        ReadOnlySpan<double> hn = [n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], 1];
        ReadOnlySpan<double> tFrom = [fs, 0, -fs * fc.X, 0, fs, -fs * fc.Y, 0, 0, 1];
        ReadOnlySpan<double> tToInverse = [1 / ts, 0, tc.X, 0, 1 / ts, tc.Y, 0, 0, 1];
        Span<double> product = stackalloc double[9];
        Multiply(hn, tFrom, product);
        Multiply(tToInverse, product, homography);
        var last = homography[8];
        if (Math.Abs(last) < 1e-12)
        {
            return false;
        }

        for (var i = 0; i < 9; i++)
        {
            homography[i] /= last;
        }

        return true;
    }

    private static (double U, double V) Apply(ReadOnlySpan<double> h, FacePoint p)
    {
        var w = (h[6] * p.X) + (h[7] * p.Y) + h[8];
        return Math.Abs(w) < 1e-9
            ? (double.NaN, double.NaN)
            : ((((h[0] * p.X) + (h[1] * p.Y) + h[2]) / w), (((h[3] * p.X) + (h[4] * p.Y) + h[5]) / w));
    }

    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> product)
    {
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                product[(r * 3) + c] = (a[r * 3] * b[c]) + (a[(r * 3) + 1] * b[3 + c]) + (a[(r * 3) + 2] * b[6 + c]);
            }
        }
    }

    /// <summary>Distance between the two eye centres (mean of each eye's six iBUG points).</summary>
    /// <param name="points">68 iBUG points.</param>
    /// <returns>The distance in the points' units.</returns>
    public static float InterOcular(IReadOnlyList<FacePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 48)
        {
            return float.NaN;
        }

        float lx = 0, ly = 0, rx = 0, ry = 0;
        for (var i = 0; i < 6; i++)
        {
            lx += points[36 + i].X;
            ly += points[36 + i].Y;
            rx += points[42 + i].X;
            ry += points[42 + i].Y;
        }

        return MathF.Sqrt(MathF.Pow((rx - lx) / 6, 2) + MathF.Pow((ry - ly) / 6, 2));
    }

    private static void Accumulate(ReadOnlySpan<double> a, double b, Span<double> ata, Span<double> atb, Span<double> scratch)
    {
        a.CopyTo(scratch);
        for (var r = 0; r < 8; r++)
        {
            atb[r] += scratch[r] * b;
            for (var c = 0; c < 8; c++)
            {
                ata[(r * 8) + c] += scratch[r] * scratch[c];
            }
        }
    }

    // Gaussian elimination with partial pivoting on the 8×8 normal equations.
    private static bool Solve(Span<double> a, Span<double> b, Span<double> x)
    {
        const int n = 8;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[(r * n) + col]) > Math.Abs(a[(pivot * n) + col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[(pivot * n) + col]) < 1e-12)
            {
                return false;
            }

            if (pivot != col)
            {
                for (var c = 0; c < n; c++)
                {
                    (a[(col * n) + c], a[(pivot * n) + c]) = (a[(pivot * n) + c], a[(col * n) + c]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (var r = col + 1; r < n; r++)
            {
                var f = a[(r * n) + col] / a[(col * n) + col];
                for (var c = col; c < n; c++)
                {
                    a[(r * n) + c] -= f * a[(col * n) + c];
                }

                b[r] -= f * b[col];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var c = r + 1; c < n; c++)
            {
                s -= a[(r * n) + c] * x[c];
            }

            x[r] = s / a[(r * n) + r];
        }

        return true;
    }

    private static (FacePoint Centre, double Scale) Normaliser(IReadOnlyList<FacePoint> points)
    {
        double cx = 0, cy = 0;
        foreach (var p in points)
        {
            cx += p.X;
            cy += p.Y;
        }

        cx /= points.Count;
        cy /= points.Count;
        double spread = 0;
        foreach (var p in points)
        {
            spread += Math.Sqrt(((p.X - cx) * (p.X - cx)) + ((p.Y - cy) * (p.Y - cy)));
        }

        spread /= points.Count;
        return (new FacePoint((float)cx, (float)cy), spread > 0 ? Math.Sqrt(2) / spread : 1);
    }
}
