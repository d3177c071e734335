namespace EId.Biometrics.Calibration;

/// <summary>ROC summary of labelled scores.</summary>
/// <param name="GenuineCount">Genuine pairs.</param>
/// <param name="ImpostorCount">Impostor pairs.</param>
/// <param name="EqualErrorRate">Rate where FMR and FNMR cross.</param>
/// <param name="EqualErrorThreshold">Threshold at the EER.</param>
/// <param name="AtFmr1e2">Lowest threshold with FMR ≤ 1e-2.</param>
/// <param name="AtFmr1e3">Lowest threshold with FMR ≤ 1e-3.</param>
/// <param name="AtFmr1e4">Lowest threshold with FMR ≤ 1e-4 (needs ≥ 10 000 impostors to be meaningful).</param>
/// <param name="Roc">All operating points, one per distinct score, threshold ascending.</param>
public sealed record CalibrationReport(
    int GenuineCount,
    int ImpostorCount,
    double EqualErrorRate,
    float EqualErrorThreshold,
    OperatingPoint AtFmr1e2,
    OperatingPoint AtFmr1e3,
    OperatingPoint AtFmr1e4,
    IReadOnlyList<OperatingPoint> Roc);
