using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// What active liveness needs from one frame, measured by <see cref="FaceMotionMeter"/> or synthesised in tests.
/// Angles in degrees; yaw positive when the nose moves towards the image's right, pitch positive when the head tilts back (looks up), roll positive clockwise in the image.
/// </summary>
/// <param name="Offset">Time since the capture started.</param>
/// <param name="FaceFound">Whether a face was found (the other values are meaningless when false).</param>
/// <param name="EyeAspectRatio">Mean eye-aspect ratio of both eyes (≈0.3 open, ≈0.1 closed).</param>
/// <param name="MouthOpening">Inner-lip gap over mouth width (≈0 closed, >0.4 wide open).</param>
/// <param name="Yaw">Head yaw estimate.</param>
/// <param name="Pitch">Head pitch estimate.</param>
/// <param name="Roll">Head roll (eye-line angle).</param>
/// <param name="Embedding">The face's L2-normalised template, when computed.</param>
/// <param name="DifferenceFromPrevious">Mean absolute grey-level change (0–255) from the previous frame; NaN for the first.</param>
/// <param name="Landmarks">The face's 68 iBUG landmarks in frame pixels, for the 3-D motion check; null when not measured.</param>
public sealed record FrameMeasurement(
    TimeSpan Offset,
    bool FaceFound,
    float EyeAspectRatio,
    float MouthOpening,
    float Yaw,
    float Pitch,
    float Roll,
    ReadOnlyMemory<float> Embedding,
    float DifferenceFromPrevious,
    IReadOnlyList<FacePoint>? Landmarks = null)
{
    /// <summary>A frame with no face.</summary>
    /// <param name="offset">Time since the capture started.</param>
    /// <param name="differenceFromPrevious">Change from the previous frame.</param>
    /// <returns>The measurement.</returns>
    public static FrameMeasurement NoFace(TimeSpan offset, float differenceFromPrevious) =>
        new(offset, false, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, ReadOnlyMemory<float>.Empty, differenceFromPrevious);

    /// <summary>Never prints the embedding.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"Frame(+{Offset.TotalMilliseconds:0} ms, face={FaceFound}, ear={EyeAspectRatio:0.00}, mouth={MouthOpening:0.00}, yaw={Yaw:0}, pitch={Pitch:0}, roll={Roll:0}, diff={DifferenceFromPrevious:0.0})");
}
