namespace EId.Postal.Outcomes;

/// <summary>
/// Append-only store of <see cref="IntakeOutcome"/>s: rows are added, never changed or removed, and read back by period.
/// Every implementation passes the same contract tests.
/// </summary>
public interface IIntakeOutcomeStore : IAsyncDisposable
{
    /// <summary>Creates the schema if needed. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends one outcome durably.</summary>
    ValueTask AppendAsync(IntakeOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>
    /// Outcomes with <see cref="IntakeOutcome.Hour"/> in [<paramref name="from"/>, <paramref name="to"/>), oldest first, streamed
    /// (the caller never holds a whole period in memory).
    /// </summary>
    IAsyncEnumerable<IntakeOutcome> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
