namespace EId.Issuance.Journal;

/// <summary>
/// Remembers decided requests by device and request id, so a retry gets the same outcome without
/// issuing twice. A request is first claimed (pending), then completed with its outcome or released.
/// </summary>
public interface IIssuanceJournal
{
    /// <summary>Claims <paramref name="key"/> for deciding, or returns what is already known about it.</summary>
    /// <param name="key">Device id and request id (see <see cref="JournalKey"/>).</param>
    /// <param name="payloadDigest">Digest of the request's payload; a different payload under the same key is refused.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The claim.</returns>
    ValueTask<JournalClaim> ClaimAsync(string key, string payloadDigest, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Stores the final outcome of a claimed key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask CompleteAsync(string key, IssuanceOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>Forgets a claimed key whose request ended without a final outcome (a retryable refusal).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default);
}
