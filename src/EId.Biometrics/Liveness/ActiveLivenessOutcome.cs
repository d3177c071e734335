using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>The verdict of an active-liveness session.</summary>
/// <param name="Passed">True when every step was met in order, in time, by one live-looking person.</param>
/// <param name="Reason">Why (<see cref="LivenessReason.ChallengesMet"/> on success).</param>
/// <param name="FailedStep">Index of the step that failed, when one did.</param>
/// <param name="FailedKind">The action of the failed step.</param>
/// <param name="StepsMet">How many steps were met.</param>
/// <param name="Detail">Human-readable detail; no images or identity data.</param>
public sealed record ActiveLivenessOutcome(bool Passed, LivenessReason Reason, int? FailedStep, ChallengeKind? FailedKind, int StepsMet, string Detail)
{
    /// <summary>As a <see cref="LivenessResult"/> (score = fraction of steps met; 0 for a static image or identity change).</summary>
    /// <param name="stepCount">Steps in the challenge.</param>
    /// <returns>The result.</returns>
    public LivenessResult ToResult(int stepCount)
    {
        var decision = Passed ? LivenessDecision.Live
            : Reason is LivenessReason.NoFace or LivenessReason.UnreadableFrame ? LivenessDecision.Inconclusive
            : LivenessDecision.Spoof;
        var score = Passed ? 1f
            : Reason is LivenessReason.StaticImage or LivenessReason.IdentityChanged or LivenessReason.UnknownChallenge ? 0f
            : stepCount == 0 ? 0f : (float)StepsMet / stepCount;
        return new LivenessResult(score, decision, [Reason]) { Detail = Detail };
    }
}
