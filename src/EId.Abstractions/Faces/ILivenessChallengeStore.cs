namespace EId.Faces;

/// <summary>
/// Where open active-liveness challenges wait to be redeemed. Without one the challenge issuer keeps them in its own process;
/// behind a load balancer a shared store (e.g. <c>PostgresLivenessChallengeStore</c> of EId.Risk) lets a challenge issued by
/// one server instance be redeemed, once, on another.
/// </summary>
public interface ILivenessChallengeStore
{
    /// <summary>Records <paramref name="challenge"/> as open until it expires or is redeemed (issuing the same id again keeps it open).</summary>
    /// <param name="challenge">The challenge just issued.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AddAsync(LivenessChallenge challenge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Redeems the open challenge <paramref name="id"/> once: returns it and removes it, atomically (of concurrent redeemers
    /// on any instance exactly one gets it); null when unknown, already redeemed, or expired at <paramref name="now"/>.
    /// </summary>
    /// <param name="id">The id quoted by the capture.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The challenge, or null.</returns>
    ValueTask<LivenessChallenge?> TryRedeemAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);
}
