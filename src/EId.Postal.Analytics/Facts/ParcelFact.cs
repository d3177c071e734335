using EId.Postal.Outcomes;

namespace EId.Postal.Analytics.Facts;

/// <summary>
/// One row of the export: what was decided about one parcel, with nothing that names or reaches a person (no waybill,
/// name, ID number, phone, description, courier or device).
/// </summary>
/// <param name="Outcome">The intake decision.</param>
/// <param name="TimeBucket">Start of the hour or day (UTC) of the decision.</param>
/// <param name="OriginRegion">Origin region code.</param>
/// <param name="DestinationRegion">Destination region code.</param>
/// <param name="ItemCategory">Item category code.</param>
/// <param name="WeightBucketGrams">Lower bound of the weight bucket in grams.</param>
/// <param name="Verdict">Identity verdict (<see cref="SenderVerdict"/> name), when the sender was checked.</param>
/// <param name="Method">How the identity was presented (<c>id-card</c>, <c>eid-qr</c>), when known.</param>
/// <param name="SenderExportToken">The sender's export token (accepted parcels only).</param>
public readonly record struct ParcelFact(
    IntakeOutcomeKind Outcome,
    DateTime TimeBucket,
    string OriginRegion,
    string DestinationRegion,
    string ItemCategory,
    int WeightBucketGrams,
    string? Verdict,
    string? Method,
    string? SenderExportToken)
{
    /// <summary>The day partition of the fact.</summary>
    public DateOnly Day => DateOnly.FromDateTime(TimeBucket);
}
