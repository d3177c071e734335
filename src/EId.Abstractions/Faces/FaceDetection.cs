namespace EId.Faces;

/// <summary>One face found by an <see cref="IFaceDetector"/>.</summary>
/// <param name="Box">The face rectangle.</param>
/// <param name="Score">Detector confidence in [0, 1].</param>
/// <param name="Keypoints">Keypoints the detector gives, if any (SCRFD: 5; BlazeFace: 6), in the detector's documented order.</param>
public sealed record FaceDetection(FaceBox Box, float Score, IReadOnlyList<FacePoint> Keypoints)
{
    /// <summary>A detection without keypoints.</summary>
    public FaceDetection(FaceBox box, float score)
        : this(box, score, [])
    {
    }
}
