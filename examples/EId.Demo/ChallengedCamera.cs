using EId.Faces;
using EId.Postal.Courier;

namespace EId.Demo;

/// <summary>
/// A demo camera answering an active-liveness challenge: a <see cref="PerformanceCamera"/> plays the requested actions,
/// any other camera gives what it has (still photos, which the challenge refuses); the capture quotes the challenge.
/// </summary>
/// <param name="Camera">The camera stand-in.</param>
/// <param name="Challenge">The challenge the person was shown.</param>
public sealed record ChallengedCamera(ISenderCamera Camera, LivenessChallenge Challenge) : ISenderCamera
{
    /// <inheritdoc />
    public async ValueTask<FaceCapture> CaptureAsync(CancellationToken cancellationToken = default)
    {
        var capture = Camera is PerformanceCamera performance
            ? await performance.PerformAsync(Challenge.Steps, cancellationToken).ConfigureAwait(false)
            : await Camera.CaptureAsync(cancellationToken).ConfigureAwait(false);
        return capture with { ChallengeId = Challenge.Id };
    }
}
