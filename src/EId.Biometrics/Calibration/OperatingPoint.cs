namespace EId.Biometrics.Calibration;

/// <summary>Error rates at one decision threshold (match when score ≥ threshold).</summary>
/// <param name="Threshold">Decision threshold.</param>
/// <param name="FalseMatchRate">Share of impostor pairs at or above the threshold.</param>
/// <param name="FalseNonMatchRate">Share of genuine pairs below the threshold.</param>
public readonly record struct OperatingPoint(float Threshold, double FalseMatchRate, double FalseNonMatchRate)
{
    /// <summary>True accept rate, 1 − FNMR.</summary>
    public double TrueAcceptRate => 1 - FalseNonMatchRate;
}
