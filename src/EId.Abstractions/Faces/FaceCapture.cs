namespace EId.Faces;

/// <summary>
/// A live face capture: a short, timed sequence of frames (the "dynamic photo"), optionally
/// answering an active-liveness challenge identified by <see cref="ChallengeId"/>.
/// </summary>
/// <param name="Frames">Frames in capture order, with increasing offsets.</param>
public sealed record FaceCapture(IReadOnlyList<FaceFrame> Frames)
{
    /// <summary>When the capture started, per the device clock.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The active-liveness challenge this capture answers, if any.</summary>
    public string? ChallengeId { get; init; }

    /// <summary>Never prints the images.</summary>
    public override string ToString() => $"FaceCapture({Frames.Count} frames)";
}
