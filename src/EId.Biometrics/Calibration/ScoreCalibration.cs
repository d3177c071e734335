namespace EId.Biometrics.Calibration;

/// <summary>ROC, EER and FNMR at fixed false-match rates from labelled scores.</summary>
public static class ScoreCalibration
{
    /// <summary>Computes the report.</summary>
    /// <param name="scores">Labelled scores (NaN scores are ignored).</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">No genuine or no impostor scores.</exception>
    public static CalibrationReport Compute(IEnumerable<ScorePair> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var genuine = scores.Where(s => s.Genuine && !float.IsNaN(s.Score)).Select(s => s.Score).Order().ToArray();
        var impostor = scores.Where(s => !s.Genuine && !float.IsNaN(s.Score)).Select(s => s.Score).Order().ToArray();
        if (genuine.Length == 0 || impostor.Length == 0)
        {
            throw new ArgumentException("Need at least one genuine and one impostor score.", nameof(scores));
        }

        // Candidate thresholds: every distinct score, plus one above the maximum (nothing matches).
        var thresholds = genuine.Concat(impostor).Distinct().Order().Append(float.PositiveInfinity).ToArray();
        var roc = new List<OperatingPoint>(thresholds.Length);
        foreach (var t in thresholds)
        {
            roc.Add(At(genuine, impostor, t));
        }

        var eerPoint = roc.MinBy(p => (Math.Abs(p.FalseMatchRate - p.FalseNonMatchRate), p.Threshold));
        var eer = EqualError(roc);
        return new CalibrationReport(
            genuine.Length,
            impostor.Length,
            eer,
            eerPoint.Threshold,
            AtFalseMatchRate(genuine, impostor, 1e-2),
            AtFalseMatchRate(genuine, impostor, 1e-3),
            AtFalseMatchRate(genuine, impostor, 1e-4),
            roc);
    }

    /// <summary>The lowest threshold whose false-match rate is at most <paramref name="target"/>.</summary>
    /// <param name="genuine">Genuine scores, ascending.</param>
    /// <param name="impostor">Impostor scores, ascending.</param>
    /// <param name="target">Largest acceptable FMR.</param>
    /// <returns>The operating point.</returns>
    public static OperatingPoint AtFalseMatchRate(float[] genuine, float[] impostor, double target)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        var allowed = (int)Math.Floor(target * impostor.Length);
        if (allowed >= impostor.Length)
        {
            return At(genuine, impostor, impostor[0]);
        }

        // The (allowed+1)-th highest impostor must fall below the threshold.
        var t = MathF.BitIncrement(impostor[impostor.Length - 1 - allowed]);
        return At(genuine, impostor, t);
    }

    private static OperatingPoint At(float[] genuine, float[] impostor, float threshold)
    {
        var falseMatches = impostor.Length - LowerBound(impostor, threshold);
        var falseNonMatches = LowerBound(genuine, threshold);
        return new OperatingPoint(threshold, (double)falseMatches / impostor.Length, (double)falseNonMatches / genuine.Length);
    }

    // The smallest achievable max(FMR, FNMR): at the crossing of the two step curves this is the EER, never optimistic.
    private static double EqualError(List<OperatingPoint> roc) =>
        roc.Min(p => Math.Max(p.FalseMatchRate, p.FalseNonMatchRate));

    private static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
