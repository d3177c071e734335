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
        if (from.Count != to.Count || from.Count < 8)
        {
            return float.NaN;
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

        Span<double> h = stackalloc double[8];
        if (!Solve(ata, atb, h))
        {
            return float.NaN;
        }

        double sum = 0;
        for (var i = 0; i < from.Count; i++)
        {
            double x = (from[i].X - fc.X) * fs, y = (from[i].Y - fc.Y) * fs;
            var w = (h[6] * x) + (h[7] * y) + 1;
            if (Math.Abs(w) < 1e-9)
            {
                return float.NaN;
            }

            var du = ((((h[0] * x) + (h[1] * y) + h[2]) / w) / ts) + tc.X - to[i].X;
            var dv = ((((h[3] * x) + (h[4] * y) + h[5]) / w) / ts) + tc.Y - to[i].Y;
            sum += (du * du) + (dv * dv);
        }

        var interOcular = InterOcular(to);
        return interOcular > 0 ? (float)(Math.Sqrt(sum / from.Count) / interOcular) : float.NaN;
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
