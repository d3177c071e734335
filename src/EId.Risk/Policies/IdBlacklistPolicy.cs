namespace EId.Risk.Policies;

/// <summary>Denies subjects whose ID number is on the <see cref="IdBlacklist"/>.</summary>
public sealed class IdBlacklistPolicy(IdBlacklist blacklist) : IRiskPolicy
{
    private readonly IdBlacklist _blacklist = blacklist ?? throw new ArgumentNullException(nameof(blacklist));

    /// <inheritdoc />
    public string Name => "id-blacklist";

    /// <inheritdoc />
    public ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hit = !string.IsNullOrWhiteSpace(context.IdNumber) && _blacklist.Contains(context.IdNumber);
        return ValueTask.FromResult(hit
            ? RiskAssessment.Deny(RiskReasonCode.IdBlacklisted, "the ID number is blacklisted", Name)
            : RiskAssessment.Allowed);
    }
}
