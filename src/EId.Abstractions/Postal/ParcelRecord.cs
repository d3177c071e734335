namespace EId.Postal;

/// <summary>
/// A parcel accepted from a verified sender. The sender appears only as a keyed pseudonym and
/// masked display strings; the real name and ID number travel in <see cref="SenderPii"/>, which
/// the ledger stores encrypted per record.
/// </summary>
public sealed record ParcelRecord
{
    /// <summary>Waybill number.</summary>
    public required string WaybillNumber { get; init; }

    /// <summary>Keyed HMAC of the sender's ID number under the regulator's key.</summary>
    public required string SenderToken { get; init; }

    /// <summary>Masked sender name for display (e.g. <c>张*</c>).</summary>
    public required string SenderNameMasked { get; init; }

    /// <summary>Masked sender phone for display.</summary>
    public string? SenderPhoneMasked { get; init; }

    /// <summary>Item category code.</summary>
    public required string ItemCategory { get; init; }

    /// <summary>Item description.</summary>
    public string? ItemDescription { get; init; }

    /// <summary>Weight in grams.</summary>
    public int WeightGrams { get; init; }

    /// <summary>Origin region code (GB/T 2260, six digits).</summary>
    public required string OriginRegion { get; init; }

    /// <summary>Destination region code (GB/T 2260, six digits).</summary>
    public required string DestinationRegion { get; init; }

    /// <summary>The courier who accepted the parcel.</summary>
    public required string CourierId { get; init; }

    /// <summary>The handheld used.</summary>
    public required string DeviceId { get; init; }

    /// <summary>How the sender was verified.</summary>
    public required SenderVerification Verification { get; init; }

    /// <summary>When the parcel was accepted.</summary>
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>The sender's personal data, kept encrypted by the ledger; null once shredded.</summary>
    public SenderPii? SenderPii { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"ParcelRecord({WaybillNumber}, sender={SenderNameMasked})";
}
