namespace EId.Risk;

/// <summary>
/// One append-only entry in the risk store: who, what, when, the decision and why.
/// Holds no raw personal data: the subject is a keyed pseudonym plus a masked display form.
/// </summary>
public sealed record RiskEvent
{
    /// <summary>Unique id.</summary>
    public required Guid Id { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The action (e.g. <c>issue-eid</c>).</summary>
    public required string Action { get; init; }

    /// <summary>The decision taken.</summary>
    public required RiskDecision Decision { get; init; }

    /// <summary>Why.</summary>
    public IReadOnlyList<RiskReason> Reasons { get; init; } = [];

    /// <summary>The device, when known.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The site, when known.</summary>
    public string? SiteId { get; init; }

    /// <summary>Keyed pseudonym of the subject's ID number (<see cref="Privacy.SubjectPseudonym"/>).</summary>
    public string? SubjectKey { get; init; }

    /// <summary>Masked ID number for display (<see cref="Privacy.PiiMask.IdNumber"/>).</summary>
    public string? SubjectMasked { get; init; }

    /// <summary>Request id, for correlation with the issuer's records.</summary>
    public string? RequestId { get; init; }
}
