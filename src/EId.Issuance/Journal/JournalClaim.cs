namespace EId.Issuance.Journal;

/// <summary>What <see cref="IIssuanceJournal.ClaimAsync"/> found.</summary>
public enum JournalClaimState
{
    /// <summary>The key was new (or its pending claim was stale): the caller decides it.</summary>
    Claimed = 1,

    /// <summary>The key was decided before: <see cref="JournalClaim.Outcome"/> holds the outcome.</summary>
    Completed = 2,

    /// <summary>Another caller is deciding the key right now.</summary>
    InProgress = 3,

    /// <summary>The key is known with a different payload.</summary>
    PayloadMismatch = 4,
}

/// <summary>The answer of <see cref="IIssuanceJournal.ClaimAsync"/>.</summary>
/// <param name="State">What was found.</param>
/// <param name="Outcome">The stored outcome when <see cref="JournalClaimState.Completed"/>.</param>
public sealed record JournalClaim(JournalClaimState State, IssuanceOutcome? Outcome = null);

/// <summary>Journal keys.</summary>
public static class JournalKey
{
    /// <summary>The key of a request: request ids are the device's own, so they are scoped by device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="requestId">The request id.</param>
    /// <returns>The key.</returns>
    public static string Of(string deviceId, string requestId) => deviceId + "\n" + requestId;
}
