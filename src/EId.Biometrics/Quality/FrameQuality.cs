using EId.Faces;

namespace EId.Biometrics.Quality;

/// <summary>The quality of one frame: the typed verdict and the measurements behind it.</summary>
/// <param name="FrameIndex">Index of the frame in its capture.</param>
/// <param name="Assessment">Score and issues.</param>
/// <param name="Measures">Measurements (null when the frame was unreadable).</param>
public sealed record FrameQuality(int FrameIndex, QualityAssessment Assessment, QualityMeasures? Measures);
