namespace EId.Postal.Storage;

/// <summary>Which side of a parcel's route a region query matches.</summary>
public enum RegionSide
{
    /// <summary>Origin or destination.</summary>
    Either = 0,

    /// <summary>Origin only.</summary>
    Origin = 1,

    /// <summary>Destination only.</summary>
    Destination = 2,
}

/// <summary>
/// A search over ledger entries by acceptance time in [<see cref="From"/>, <see cref="To"/>), narrowed by
/// sender token and/or a region code range (inclusive six-digit bounds).
/// </summary>
public sealed record LedgerQuery
{
    /// <summary>Earliest acceptance time (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Latest acceptance time (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Only this sender's parcels.</summary>
    public string? SenderToken { get; init; }

    /// <summary>Lowest region code (inclusive), with <see cref="RegionHigh"/>.</summary>
    public string? RegionLow { get; init; }

    /// <summary>Highest region code (inclusive).</summary>
    public string? RegionHigh { get; init; }

    /// <summary>Which route end the region range applies to.</summary>
    public RegionSide Side { get; init; }

    /// <summary>At most this many entries.</summary>
    public int Limit { get; init; } = 1000;
}
