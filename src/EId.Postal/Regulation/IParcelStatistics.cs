namespace EId.Postal.Regulation;

/// <summary>
/// Pseudonymised parcel statistics for the postal administration: counts per day, never a sender's identity.
/// The ledger-backed implementation answers from the parcel store; an analytics engine may replace it for
/// national volumes.
/// </summary>
public interface IParcelStatistics
{
    /// <summary>Accepted parcels per acceptance day (UTC) and origin/destination region pair, days in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    ValueTask<IReadOnlyList<RegionPairDayCount>> ParcelsPerRegionPairAndDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Intake outcomes per day (UTC), days in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    ValueTask<IReadOnlyList<IntakeDayOutcomes>> IntakeOutcomesPerDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}

/// <summary>Accepted parcels on one day between two regions.</summary>
/// <param name="Day">Acceptance day (UTC).</param>
/// <param name="OriginRegion">Six-digit origin region code.</param>
/// <param name="DestinationRegion">Six-digit destination region code.</param>
/// <param name="Parcels">Number of parcels.</param>
public sealed record RegionPairDayCount(DateOnly Day, string OriginRegion, string DestinationRegion, long Parcels);

/// <summary>What intake decided on one day.</summary>
/// <param name="Day">Decision day (UTC).</param>
/// <param name="Accepted">Parcels accepted into the ledger.</param>
/// <param name="ProhibitedItemRefusals">Parcels refused for a prohibited item category.</param>
/// <param name="VerificationFailures">Parcels refused because the sender's identity check failed.</param>
public sealed record IntakeDayOutcomes(DateOnly Day, long Accepted, long ProhibitedItemRefusals, long VerificationFailures)
{
    /// <summary>Share of decided parcels refused for a failed identity check (0 when nothing was decided).</summary>
    public double VerificationFailureRate
    {
        get
        {
            var decided = Accepted + ProhibitedItemRefusals + VerificationFailures;
            return decided == 0 ? 0 : (double)VerificationFailures / decided;
        }
    }
}
