using EId.Documents;
using EId.Faces;
using EId.Privacy;
using EId.Risk;

namespace EId.Issuance;

/// <summary>
/// One kiosk's request for a temporary e-ID: the document it read, the live frames it captured, and the
/// device-signed request whose body binds both (see the issuer's request binding).
/// </summary>
/// <param name="RequestId">The device's id for this request; retries with the same id get the same outcome.</param>
/// <param name="Document">The identity document read at the kiosk.</param>
/// <param name="Capture">The live frames.</param>
/// <param name="Signed">The device-signed request (its body is the binding of the id, document and frames).</param>
public sealed record IssuanceRequest(string RequestId, IdentityDocument Document, FaceCapture Capture, SignedRequest Signed)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"IssuanceRequest({PiiMask.Text(RequestId, 8)}, {Document}, {Capture}, device={Signed.DeviceId})";
}
