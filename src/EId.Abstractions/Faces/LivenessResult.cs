namespace EId.Faces;

/// <summary>The result of a liveness check over one frame or a capture.</summary>
/// <param name="Score">Liveness score in [0, 1] (1 = live); NaN when not computed.</param>
/// <param name="Decision">Live, spoof, or inconclusive.</param>
/// <param name="Reasons">Why.</param>
public sealed record LivenessResult(float Score, LivenessDecision Decision, IReadOnlyList<LivenessReason> Reasons)
{
    /// <summary>Human-readable detail (e.g. which challenge failed); never contains images or identity data.</summary>
    public string? Detail { get; init; }

    /// <summary>True when <see cref="Decision"/> is <see cref="LivenessDecision.Live"/>.</summary>
    public bool IsLive => Decision == LivenessDecision.Live;
}
