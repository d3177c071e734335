namespace EId.Issuance.Journal;

/// <summary>An <see cref="IIssuanceJournal"/> in memory (tests, single-process kiosks).</summary>
/// <param name="pendingTimeout">How long a pending claim blocks others before it counts as abandoned.</param>
/// <param name="retention">How long decided outcomes are kept.</param>
public sealed class InMemoryIssuanceJournal(TimeSpan pendingTimeout, TimeSpan retention) : IIssuanceJournal
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates a journal with a 5-minute pending timeout and a 1-day retention.</summary>
    public InMemoryIssuanceJournal()
        : this(TimeSpan.FromMinutes(5), TimeSpan.FromDays(1))
    {
    }

    /// <inheritdoc />
    public ValueTask<JournalClaim> ClaimAsync(string key, string payloadDigest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payloadDigest);
        lock (_lock)
        {
            Purge(now);
            if (_entries.TryGetValue(key, out var entry))
            {
                if (entry.Digest != payloadDigest)
                {
                    return ValueTask.FromResult(new JournalClaim(JournalClaimState.PayloadMismatch));
                }

                if (entry.Outcome is not null)
                {
                    return ValueTask.FromResult(new JournalClaim(JournalClaimState.Completed, entry.Outcome with { FromJournal = true }));
                }

                if (now - entry.ClaimedAt < pendingTimeout)
                {
                    return ValueTask.FromResult(new JournalClaim(JournalClaimState.InProgress));
                }
            }

            _entries[key] = new Entry(payloadDigest, now, null);
            return ValueTask.FromResult(new JournalClaim(JournalClaimState.Claimed));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string key, IssuanceOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = entry with { Outcome = outcome, DecidedAt = outcome.DecidedAt };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Outcome is null)
            {
                _entries.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Purge(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.Where(e => e.Value.Outcome is not null && now - e.Value.DecidedAt > retention).ToList())
        {
            _entries.Remove(key);
        }
    }

    private sealed record Entry(string Digest, DateTimeOffset ClaimedAt, IssuanceOutcome? Outcome)
    {
        public DateTimeOffset DecidedAt { get; init; }
    }
}
