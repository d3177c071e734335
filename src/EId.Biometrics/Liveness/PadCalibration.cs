namespace EId.Biometrics.Liveness;

/// <summary>ISO/IEC 30107-3 error rates of a PAD check at one threshold.</summary>
/// <param name="Threshold">Scores at or above it are classified bona fide (live).</param>
/// <param name="BonaFideCount">Bona fide presentations scored.</param>
/// <param name="AttackCount">Attack presentations scored.</param>
/// <param name="Bpcer">Bona fide presentation classification error rate: bona fide classified as attacks.</param>
/// <param name="Apcer">Attack presentation classification error rate: attacks classified as bona fide (NaN without attacks).</param>
public sealed record PadErrorRates(float Threshold, int BonaFideCount, int AttackCount, double Bpcer, double Apcer);

/// <summary>Computes APCER and BPCER (ISO/IEC 30107-3) from labelled PAD scores, and the threshold for a target BPCER.</summary>
public static class PadCalibration
{
    /// <summary>Error rates at <paramref name="threshold"/>.</summary>
    /// <param name="bonaFide">Scores of bona fide presentations (NaN = no face: counted as rejected).</param>
    /// <param name="attacks">Scores of attack presentations (NaN = no face: counted as rejected).</param>
    /// <param name="threshold">Decision threshold.</param>
    /// <returns>The rates.</returns>
    public static PadErrorRates At(IReadOnlyCollection<float> bonaFide, IReadOnlyCollection<float> attacks, float threshold)
    {
        ArgumentNullException.ThrowIfNull(bonaFide);
        ArgumentNullException.ThrowIfNull(attacks);
        var bpcer = bonaFide.Count == 0 ? double.NaN : (double)bonaFide.Count(s => !(s >= threshold)) / bonaFide.Count;
        var apcer = attacks.Count == 0 ? double.NaN : (double)attacks.Count(s => s >= threshold) / attacks.Count;
        return new PadErrorRates(threshold, bonaFide.Count, attacks.Count, bpcer, apcer);
    }

    /// <summary>The highest threshold whose BPCER is at most <paramref name="maxBpcer"/>, with its rates.</summary>
    /// <param name="bonaFide">Bona fide scores (at least one).</param>
    /// <param name="attacks">Attack scores.</param>
    /// <param name="maxBpcer">Largest acceptable BPCER, e.g. 0.05.</param>
    /// <returns>The operating point.</returns>
    public static PadErrorRates ForBpcer(IReadOnlyCollection<float> bonaFide, IReadOnlyCollection<float> attacks, double maxBpcer)
    {
        ArgumentNullException.ThrowIfNull(bonaFide);
        var sorted = bonaFide.Where(s => !float.IsNaN(s)).Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("Need at least one scored bona fide presentation.", nameof(bonaFide));
        }

        // Rejecting the k lowest bona fide scores costs k / n; take the largest k within the budget.
        var nanCount = bonaFide.Count - sorted.Length;
        var k = (int)Math.Floor((maxBpcer * bonaFide.Count) + 1e-9) - nanCount;
        var threshold = k <= 0 ? sorted[0] : sorted[Math.Min(k, sorted.Length - 1)];
        return At(bonaFide, attacks, threshold);
    }
}
