using EId.Documents;
using EId.Faces;
using EId.Postal.Parcels;

namespace EId.Postal.Courier;

/// <summary>
/// What the handheld sends for one parcel: the sender's ID card as read (or the text of an EId QR
/// credential instead), a live capture of the sender's face, their phone, and the parcel details.
/// </summary>
public sealed record SenderCheckRequest
{
    /// <summary>The ID card as read by the handheld's reader; null when a QR credential is presented.</summary>
    public IdentityDocument? Document { get; init; }

    /// <summary>The scanned EId QR credential text; null when a card is presented.</summary>
    public string? CredentialQr { get; init; }

    /// <summary>The live capture of the sender.</summary>
    public required FaceCapture LiveFace { get; init; }

    /// <summary>The sender's phone number (stored encrypted; masked on the waybill).</summary>
    public string? SenderPhone { get; init; }

    /// <summary>The parcel.</summary>
    public required ParcelDetails Parcel { get; init; }

    /// <summary>The courier.</summary>
    public required string CourierId { get; init; }

    /// <summary>The handheld.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"SenderCheckRequest({Parcel.WaybillNumber}, {(Document is null ? "eid-qr" : "id-card")}, {LiveFace})";
}
