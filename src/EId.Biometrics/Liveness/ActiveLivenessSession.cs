using System.Runtime.CompilerServices;
using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// The challenge-response service a kiosk uses: <see cref="Begin"/> issues a challenge for the server's nonce; the
/// device performs it and streams its timed frames to <see cref="VerifyAsync(string, IAsyncEnumerable{FaceFrame}, CancellationToken)"/>
/// (or sends a whole <see cref="FaceCapture"/> quoting the challenge id). Frames are measured as they arrive and the
/// stream stops being read as soon as the session fails.
/// </summary>
/// <remarks>Thread-safe: each verification has its own state.</remarks>
/// <param name="issuer">Issues and redeems challenges.</param>
/// <param name="meter">Measures frames.</param>
/// <param name="options">Thresholds and time limits.</param>
/// <param name="time">Server clock: a frame whose offset exceeds the time since the challenge was issued (plus
/// <see cref="ClockSlack"/>) cannot have been recorded in answer to it; null uses the system clock.</param>
/// <param name="thresholds">
/// The face match's thresholds (<c>AddEIdBiometrics</c> registers them); every face of a session must stay within the
/// portrait threshold of the first. Null uses the shipped embedder's (<see cref="Matching.FaceMatchThresholds.Shipped"/>).
/// </param>
public sealed class ActiveLivenessSession(ChallengeIssuer issuer, FaceMotionMeter meter, ActiveLivenessOptions options, TimeProvider? time = null, Matching.FaceMatchThresholds? thresholds = null)
{
    /// <summary>Tolerance for the device's frame offsets against the server clock.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ChallengeIssuer _issuer = issuer ?? throw new ArgumentNullException(nameof(issuer));
    private readonly FaceMotionMeter _meter = meter ?? throw new ArgumentNullException(nameof(meter));
    private readonly ActiveLivenessOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly float _identityThreshold = (thresholds ?? Matching.FaceMatchThresholds.Shipped).Portrait;

    /// <summary>Issues the challenge for <paramref name="nonce"/>.</summary>
    /// <param name="nonce">The server's request nonce (at least 8 bytes).</param>
    /// <returns>The challenge to show the person.</returns>
    public LivenessChallenge Begin(ReadOnlySpan<byte> nonce) => _issuer.Issue(nonce);

    /// <summary>Issues the challenge for <paramref name="nonce"/>, recorded where every server instance can redeem it.</summary>
    /// <param name="nonce">The server's request nonce (at least 8 bytes).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The challenge to show the person.</returns>
    public ValueTask<LivenessChallenge> BeginAsync(ReadOnlyMemory<byte> nonce, CancellationToken cancellationToken = default) => _issuer.IssueAsync(nonce, cancellationToken);

    /// <summary>Verifies a capture that quotes its challenge in <see cref="FaceCapture.ChallengeId"/>.</summary>
    /// <param name="capture">The capture.</param>
    /// <param name="cancellationToken">Cancels between frames.</param>
    /// <returns>The outcome.</returns>
    public ValueTask<ActiveLivenessOutcome> VerifyAsync(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return VerifyAsync(capture.ChallengeId, ToAsync(capture.Frames, cancellationToken), cancellationToken);
    }

    /// <summary>Redeems the challenge and verifies the streamed frames against it.</summary>
    /// <param name="challengeId">The challenge the frames answer.</param>
    /// <param name="frames">Timed frames, in capture order.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The outcome (<see cref="LivenessReason.UnknownChallenge"/> for an unknown, used or expired challenge).</returns>
    public async ValueTask<ActiveLivenessOutcome> VerifyAsync(string? challengeId, IAsyncEnumerable<FaceFrame> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var challenge = await _issuer.TryRedeemAsync(challengeId, cancellationToken).ConfigureAwait(false);
        if (challenge is null)
        {
            return new ActiveLivenessOutcome(false, LivenessReason.UnknownChallenge, null, null, 0, "the capture answers an unknown, used or expired challenge");
        }

        var options = _options.WithStepTimeLimit(challenge.StepTimeLimit);
        var machine = new ChallengeStateMachine(challenge.Steps, options, _identityThreshold);
        byte[]? previous = null;
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (frame.Offset > _time.GetUtcNow() - challenge.IssuedAt + ClockSlack)
            {
                return new ActiveLivenessOutcome(false, LivenessReason.Timeout, machine.AllStepsMet ? null : machine.StepsMet, null, machine.StepsMet, $"frame at +{frame.Offset.TotalMilliseconds:0} ms claims more time than has passed since the challenge was issued");
            }

            var measured = _meter.Measure(frame, ref previous);
            if (measured is null)
            {
                return new ActiveLivenessOutcome(false, LivenessReason.UnreadableFrame, machine.AllStepsMet ? null : machine.StepsMet, null, machine.StepsMet, $"frame at +{frame.Offset.TotalMilliseconds:0} ms could not be decoded");
            }

            if (!machine.Observe(measured))
            {
                break;
            }
        }

        return machine.Finish();
    }

    private static async IAsyncEnumerable<FaceFrame> ToAsync(IReadOnlyList<FaceFrame> frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var frame in frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return frame;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
