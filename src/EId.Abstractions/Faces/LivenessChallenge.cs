namespace EId.Faces;

/// <summary>
/// An active-liveness challenge issued by the server: an unpredictable sequence of actions the person must perform in
/// order, each within <see cref="StepTimeLimit"/>, and answered (as <see cref="FaceCapture.ChallengeId"/>) before
/// <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Id">Opaque identifier the capture must quote.</param>
/// <param name="Steps">The actions, in the order they must be performed.</param>
/// <param name="IssuedAt">When the server issued it.</param>
/// <param name="ExpiresAt">After this the challenge is refused.</param>
/// <param name="StepTimeLimit">Longest time allowed for one step, counted from the end of the previous one.</param>
public sealed record LivenessChallenge(string Id, IReadOnlyList<ChallengeKind> Steps, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, TimeSpan StepTimeLimit)
{
    /// <summary>Prints the id and steps only.</summary>
    public override string ToString() => $"LivenessChallenge({Id}: {string.Join(" > ", Steps)})";
}
