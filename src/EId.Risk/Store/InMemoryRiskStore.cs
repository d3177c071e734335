namespace EId.Risk.Store;

/// <summary>A process-local risk store (tests, demos). Thread-safe; append-only.</summary>
public sealed class InMemoryRiskStore : IRiskStore
{
    private readonly List<RiskEvent> _events = [];
    private readonly HashSet<Guid> _ids = [];
    private readonly Lock _gate = new();

    /// <summary>Number of stored events.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event with the same id is already stored.</exception>
    public ValueTask AppendAsync(RiskEvent riskEvent, CancellationToken cancellationToken = default) =>
        AppendBatchAsync([riskEvent], cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event with the same id is already stored (nothing of the batch is stored).</exception>
    public ValueTask AppendBatchAsync(IReadOnlyList<RiskEvent> riskEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(riskEvents);
        lock (_gate)
        {
            var batchIds = new HashSet<Guid>();
            foreach (var riskEvent in riskEvents)
            {
                ArgumentNullException.ThrowIfNull(riskEvent);
                if (_ids.Contains(riskEvent.Id) || !batchIds.Add(riskEvent.Id))
                {
                    throw new InvalidOperationException($"Risk event {riskEvent.Id} is already stored; the store is append-only.");
                }
            }

            foreach (var riskEvent in riskEvents)
            {
                _ids.Add(riskEvent.Id);
                _events.Add(riskEvent with { At = RiskEventFilter.ToStoredTime(riskEvent.At), Reasons = [.. riskEvent.Reasons] });
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RiskEvent>> QueryAsync(RiskEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IReadOnlyList<RiskEvent> result =
            [
                .. _events
                    .Select((e, i) => (Event: e, Order: i))
                    .Where(x => RiskEventFilter.Matches(query, x.Event))
                    .OrderBy(x => x.Event.At)
                    .ThenBy(x => x.Order)
                    .Take(Math.Max(0, query.Limit))
                    .Select(x => x.Event),
            ];
            return ValueTask.FromResult(result);
        }
    }
}
