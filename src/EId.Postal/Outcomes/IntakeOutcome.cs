using EId.Postal.Courier;
using EId.Postal.Parcels;

namespace EId.Postal.Outcomes;

/// <summary>
/// One intake decision as statistics keep it: no waybill, sender, courier or device, and the time cut to the
/// hour, so that a row cannot be traced back to a person or a counter visit.
/// </summary>
public sealed record IntakeOutcome
{
    /// <summary>The decision time, cut to the hour (UTC).</summary>
    public required DateTimeOffset Hour { get; init; }

    /// <summary>The decision.</summary>
    public required IntakeOutcomeKind Kind { get; init; }

    /// <summary>Origin region code (six digits).</summary>
    public required string OriginRegion { get; init; }

    /// <summary>Destination region code (six digits).</summary>
    public required string DestinationRegion { get; init; }

    /// <summary>Item category code.</summary>
    public required string ItemCategory { get; init; }

    /// <summary>Declared weight in grams.</summary>
    public int WeightGrams { get; init; }

    /// <summary>The identity server's verdict, when it was asked (null for a prohibited item).</summary>
    public SenderVerdict? Verdict { get; init; }

    /// <summary>How the identity was presented (<c>id-card</c>, <c>eid-qr</c>), when known.</summary>
    public string? Method { get; init; }

    /// <summary>Cuts <paramref name="time"/> to the start of its hour (UTC).</summary>
    public static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// The outcome of one handled request, or null when intake made no decision to count (fields rejected, handheld
    /// not authenticated). Only the public parcel fields are read; nothing of the sender.
    /// </summary>
    /// <param name="parcel">The parcel handed in.</param>
    /// <param name="method">How the identity was presented, when <paramref name="result"/> does not say.</param>
    /// <param name="result">Intake's answer.</param>
    /// <param name="decidedAt">When intake answered.</param>
    public static IntakeOutcome? Of(ParcelDetails parcel, string? method, IntakeResult result, DateTimeOffset decidedAt)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        ArgumentNullException.ThrowIfNull(result);
        IntakeOutcomeKind? kind = result.Status switch
        {
            IntakeStatus.Accepted => IntakeOutcomeKind.Accepted,
            IntakeStatus.ItemProhibited => IntakeOutcomeKind.ProhibitedItem,
            IntakeStatus.SenderRejected => IntakeOutcomeKind.IdentityFailure,
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }

        return new IntakeOutcome
        {
            Hour = HourOf(decidedAt),
            Kind = kind.Value,
            OriginRegion = parcel.OriginRegion.Trim(),
            DestinationRegion = parcel.DestinationRegion.Trim(),
            ItemCategory = parcel.ItemCategory,
            WeightGrams = parcel.WeightGrams,
            Verdict = result.Verification?.Verdict,
            Method = result.Verification?.Method ?? method,
        };
    }
}
