namespace EId.Biometrics.Liveness;

/// <summary>The passive PAD score of one frame.</summary>
/// <param name="FrameIndex">Index of the frame in the capture.</param>
/// <param name="Score">Fused P(live) in [0, 1]; NaN when the frame had no face or could not be read.</param>
/// <param name="ModelScores">P(live) per model, in the check's model order (empty when no face).</param>
/// <param name="FaceFound">Whether a face was found.</param>
/// <param name="Readable">Whether the frame could be decoded.</param>
public sealed record PadFrameScore(int FrameIndex, float Score, IReadOnlyList<float> ModelScores, bool FaceFound, bool Readable);
