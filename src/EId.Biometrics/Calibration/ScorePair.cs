namespace EId.Biometrics.Calibration;

/// <summary>One labelled comparison score.</summary>
/// <param name="Score">Similarity (higher = more alike).</param>
/// <param name="Genuine">Whether both sides show the same person.</param>
public readonly record struct ScorePair(float Score, bool Genuine);
