using EId.Faces;

namespace EId.Benchmarks.Liveness;

/// <summary>A recorded head-turn performance of one person, 200 ms a frame, and their registry portrait.</summary>
/// <param name="Portrait">Another photo of the person (the registry's).</param>
/// <param name="RightThenLeft">Frames turning to the person's right, then left.</param>
/// <param name="LeftThenRight">Frames turning to the person's left, then right.</param>
internal sealed record TurnPerformance(byte[] Portrait, byte[][] RightThenLeft, byte[][] LeftThenRight)
{
    /// <summary>The frames answering <paramref name="challenge"/>, quoting it.</summary>
    /// <param name="challenge">A two-turn challenge.</param>
    /// <returns>The capture.</returns>
    public FaceCapture Answer(LivenessChallenge challenge) =>
        new([.. (challenge.Steps[0] == ChallengeKind.TurnRight ? RightThenLeft : LeftThenRight).Select((f, i) => new FaceFrame(f, TimeSpan.FromMilliseconds(200 * i)))])
        {
            ChallengeId = challenge.Id,
            StartedAt = DateTimeOffset.UtcNow,
        };

    /// <summary>Allows only the two turns, two steps (what a photo performance can answer).</summary>
    /// <param name="options">Options to change.</param>
    public static void TurnsOnly(EId.Biometrics.Liveness.ActiveLivenessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.StepCount = 2;
        options.AllowedSteps.Clear();
        options.AllowedSteps.Add(ChallengeKind.TurnLeft);
        options.AllowedSteps.Add(ChallengeKind.TurnRight);
    }
}
