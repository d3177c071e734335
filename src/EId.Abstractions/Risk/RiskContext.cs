using EId.Faces;
using EId.Privacy;

namespace EId.Risk;

/// <summary>What risk policies look at for one request.</summary>
public sealed record RiskContext
{
    /// <summary>The action asked for (e.g. <c>issue-eid</c>, <c>verify-sender</c>).</summary>
    public required string Action { get; init; }

    /// <summary>When the request arrived (from the host's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The requesting device, when known.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The site of the device, when known.</summary>
    public string? SiteId { get; init; }

    /// <summary>The subject's ID number, when known (policies hash it; it is never stored raw).</summary>
    public string? IdNumber { get; init; }

    /// <summary>The subject's live face template, when known (for watchlists).</summary>
    public FaceTemplate? Face { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"RiskContext({Action}, device={DeviceId}, subject={PiiMask.IdNumber(IdNumber)})";
}
