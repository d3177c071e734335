namespace EId.Risk.Policies;

/// <summary>
/// Refuses requests from blocked sites, and from sites not on the allow list when one is configured
/// (an empty allow list allows every site that is not blocked).
/// </summary>
public sealed class SitePolicy : IRiskPolicy
{
    private readonly HashSet<string> _allowed;
    private readonly HashSet<string> _blocked;

    /// <summary>Creates the policy.</summary>
    public SitePolicy(IEnumerable<string>? allowedSites, IEnumerable<string>? blockedSites)
    {
        _allowed = new HashSet<string>(allowedSites ?? [], StringComparer.Ordinal);
        _blocked = new HashSet<string>(blockedSites ?? [], StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Name => "site";

    /// <inheritdoc />
    public ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = context.SiteId;
        var refused = site is null
            ? _allowed.Count > 0
            : _blocked.Contains(site) || (_allowed.Count > 0 && !_allowed.Contains(site));
        return ValueTask.FromResult(refused
            ? RiskAssessment.Deny(RiskReasonCode.SiteNotAllowed, site is null ? "no site given" : $"site {site} is not allowed", Name)
            : RiskAssessment.Allowed);
    }
}
