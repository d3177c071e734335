namespace EId.Risk;

/// <summary>
/// The security gateway's answer: the risk decision with its reasons and, once the device authenticated, which device
/// and site sent the request, so callers need not look the device up again.
/// </summary>
/// <param name="Decision">Allow, review or deny.</param>
/// <param name="Reasons">Why; may be empty for a plain allow.</param>
public sealed record GatewayDecision(RiskDecision Decision, IReadOnlyList<RiskReason> Reasons)
{
    /// <summary>The authenticated device's id; null when the request did not authenticate.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The authenticated device's site (from its certificate); null when the request did not authenticate.</summary>
    public string? SiteId { get; init; }

    /// <summary>True when <see cref="Decision"/> is <see cref="RiskDecision.Allow"/>.</summary>
    public bool IsAllowed => Decision == RiskDecision.Allow;
}
