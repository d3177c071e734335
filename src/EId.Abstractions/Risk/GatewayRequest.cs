using EId.Faces;
using EId.Privacy;

namespace EId.Risk;

/// <summary>What the security gateway checks for one incoming request.</summary>
/// <param name="Request">The signed request.</param>
/// <param name="Action">The action asked for (e.g. <c>issue-eid</c>).</param>
public sealed record GatewayRequest(SignedRequest Request, string Action)
{
    /// <summary>The subject's ID number, as read from the document.</summary>
    public string? IdNumber { get; init; }

    /// <summary>The live face template, for the watchlist.</summary>
    public FaceTemplate? Face { get; init; }

    /// <summary>Correlation id.</summary>
    public string? RequestId { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"GatewayRequest({Action}, device={Request.DeviceId}, subject={PiiMask.IdNumber(IdNumber)})";
}
