namespace EId.Risk;

/// <summary>The append-only risk store: every refusal and every issuance is recorded here.</summary>
public interface IRiskStore
{
    /// <summary>Appends one event durably; the event is stored when the task completes.</summary>
    ValueTask AppendAsync(RiskEvent riskEvent, CancellationToken cancellationToken = default);

    /// <summary>Appends several events in one transaction.</summary>
    ValueTask AppendBatchAsync(IReadOnlyList<RiskEvent> riskEvents, CancellationToken cancellationToken = default);

    /// <summary>Events matching <paramref name="query"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<RiskEvent>> QueryAsync(RiskEventQuery query, CancellationToken cancellationToken = default);
}
