namespace EId.Risk;

/// <summary>A risk-store query; unset fields do not filter.</summary>
public sealed record RiskEventQuery
{
    /// <summary>Events of this subject pseudonym.</summary>
    public string? SubjectKey { get; init; }

    /// <summary>Events of this device.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Events before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only events with this decision.</summary>
    public RiskDecision? Decision { get; init; }

    /// <summary>At most this many events, oldest first.</summary>
    public int Limit { get; init; } = 1000;
}
