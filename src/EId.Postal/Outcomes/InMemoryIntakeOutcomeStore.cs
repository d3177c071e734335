using System.Runtime.CompilerServices;

namespace EId.Postal.Outcomes;

/// <summary>An <see cref="IIntakeOutcomeStore"/> in memory, for tests and single-process demos.</summary>
public sealed class InMemoryIntakeOutcomeStore : IIntakeOutcomeStore
{
    private readonly List<IntakeOutcome> _rows = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask AppendAsync(IntakeOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_lock)
        {
            _rows.Add(outcome);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IntakeOutcome> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IntakeOutcome[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _rows.Where(o => o.Hour >= from && o.Hour < to).OrderBy(o => o.Hour)];
        }

        foreach (var outcome in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return outcome;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
