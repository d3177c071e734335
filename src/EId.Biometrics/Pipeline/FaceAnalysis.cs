using EId.Faces;

namespace EId.Biometrics.Pipeline;

/// <summary>The subject's face in one image: where it is, its landmarks and its template.</summary>
/// <param name="Subject">The chosen detection (see <see cref="Detection.SubjectSelection"/>).</param>
/// <param name="FaceCount">How many faces the detector found.</param>
/// <param name="FivePoints">Five alignment points.</param>
/// <param name="Template">The embedding.</param>
public sealed record FaceAnalysis(FaceDetection Subject, int FaceCount, FaceLandmarks FivePoints, FaceTemplate Template);
