namespace EId.Postal.Parcels;

/// <summary>What the courier enters about the parcel itself at the counter or doorstep.</summary>
public sealed record ParcelDetails
{
    /// <summary>Waybill number (see <see cref="Waybills.WaybillNumber"/>).</summary>
    public required string WaybillNumber { get; init; }

    /// <summary>Item category code (upper-case letters, digits and '-', at most 16 characters).</summary>
    public required string ItemCategory { get; init; }

    /// <summary>Free-text item description (at most <see cref="ParcelRules.MaxDescriptionLength"/> characters).</summary>
    public string? ItemDescription { get; init; }

    /// <summary>Weight in grams.</summary>
    public int WeightGrams { get; init; }

    /// <summary>Origin region code (GB/T 2260).</summary>
    public required string OriginRegion { get; init; }

    /// <summary>Destination region code (GB/T 2260).</summary>
    public required string DestinationRegion { get; init; }
}
