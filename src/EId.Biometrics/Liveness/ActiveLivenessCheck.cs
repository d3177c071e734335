using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Active liveness as an <see cref="ILivenessCheck"/> (name <c>active-challenge</c>): the capture must quote an open
/// challenge in <see cref="FaceCapture.ChallengeId"/> and perform its steps.
/// </summary>
/// <param name="session">The challenge service.</param>
/// <param name="options">Gives the step count for the score.</param>
public sealed class ActiveLivenessCheck(ActiveLivenessSession session, ActiveLivenessOptions options) : ILivenessCheck
{
    private readonly ActiveLivenessSession _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <inheritdoc />
    public string Name => "active-challenge";

    /// <inheritdoc />
    public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default) =>
        Telemetry.LivenessAsync(Name, async () => (await _session.VerifyAsync(capture, cancellationToken).ConfigureAwait(false)).ToResult(options?.StepCount ?? 1));

    /// <summary>The metrics and activities of this check (meter and activity source <see cref="BiometricsTelemetry.SourceName"/>).</summary>
    public BiometricsTelemetry Telemetry { get; init; } = BiometricsTelemetry.Shared;
}
