namespace EId.Risk.Policies;

/// <summary>A velocity limit: at most <see cref="Limit"/> requests per <see cref="Scope"/> in any sliding <see cref="Window"/>.</summary>
public sealed class VelocityRule
{
    /// <summary>What to count per.</summary>
    public VelocityScope Scope { get; set; } = VelocityScope.Device;

    /// <summary>Requests allowed in the window.</summary>
    public int Limit { get; set; } = 60;

    /// <summary>The sliding window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Only requests for this action count (null: every action).</summary>
    public string? Action { get; set; }

    /// <summary>The decision when the limit is exceeded.</summary>
    public RiskDecision Decision { get; set; } = RiskDecision.Deny;

    /// <summary>True when the rule is usable.</summary>
    public bool IsValid => Limit > 0 && Window > TimeSpan.Zero && Enum.IsDefined(Scope) && Enum.IsDefined(Decision);

    /// <inheritdoc />
    public override string ToString() => $"{Scope}: {Limit} per {Window}{(Action is null ? string.Empty : $" ({Action})")}";
}
