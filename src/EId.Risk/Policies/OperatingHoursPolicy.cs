namespace EId.Risk.Policies;

/// <summary>
/// Refuses requests outside the opening hours: a site's own hours when configured, else the default hours;
/// no hours at all means always open.
/// </summary>
public sealed class OperatingHoursPolicy : IRiskPolicy
{
    private readonly OperatingHours? _default;
    private readonly Dictionary<string, OperatingHours> _sites;
    private readonly RiskDecision _decision;

    /// <summary>Creates the policy.</summary>
    public OperatingHoursPolicy(OperatingHours? defaultHours, IEnumerable<KeyValuePair<string, OperatingHours>>? siteHours = null, RiskDecision decision = RiskDecision.Deny)
    {
        _default = defaultHours;
        _sites = new Dictionary<string, OperatingHours>(siteHours ?? [], StringComparer.Ordinal);
        _decision = decision;
    }

    /// <inheritdoc />
    public string Name => "operating-hours";

    /// <inheritdoc />
    public ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hours = context.SiteId is not null && _sites.TryGetValue(context.SiteId, out var site) ? site : _default;
        if (hours is null || hours.IsOpen(context.At))
        {
            return ValueTask.FromResult(RiskAssessment.Allowed);
        }

        return ValueTask.FromResult(new RiskAssessment(_decision, [new RiskReason(RiskReasonCode.OutsideHours, $"outside the opening hours {hours}", Name)]));
    }
}
