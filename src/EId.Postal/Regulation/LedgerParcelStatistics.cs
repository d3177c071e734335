using EId.Postal.Ledger;
using EId.Postal.Storage;

namespace EId.Postal.Regulation;

/// <summary>
/// The embedded <see cref="IParcelStatistics"/>: counts computed from the ledger store's own queries, one UTC day at a
/// time (so memory stays bounded by one day's entries). Good for a single postal server; an analytics engine replaces it
/// for national volumes. The ledger records accepted parcels only, so <see cref="IntakeDayOutcomes.ProhibitedItemRefusals"/>
/// and <see cref="IntakeDayOutcomes.VerificationFailures"/> are always 0 here.
/// </summary>
public sealed class LedgerParcelStatistics : IParcelStatistics
{
    /// <summary>Longest span, in days, one statistics call may cover.</summary>
    public const int MaxDays = 366;

    private readonly IParcelLedgerSet _ledger;

    /// <summary>Creates the statistics over <paramref name="ledger"/>.</summary>
    /// <param name="ledger">The parcel ledger (one, or the streams of the partitioned one: counts are summed over streams).</param>
    public LedgerParcelStatistics(IParcelLedgerSet ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The period ends before it starts or spans more than <see cref="MaxDays"/> days.</exception>
    public async ValueTask<IReadOnlyList<RegionPairDayCount>> ParcelsPerRegionPairAndDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        CheckPeriod(from, to);
        await _ledger.Streams[0].EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<RegionPairDayCount>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var entries = await DayAsync(day, cancellationToken).ConfigureAwait(false);
            counts.AddRange(entries
                .GroupBy(e => (e.OriginRegion, e.DestinationRegion))
                .OrderBy(g => g.Key.OriginRegion, StringComparer.Ordinal).ThenBy(g => g.Key.DestinationRegion, StringComparer.Ordinal)
                .Select(g => new RegionPairDayCount(day, g.Key.OriginRegion, g.Key.DestinationRegion, g.LongCount())));
        }

        return counts;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The period ends before it starts or spans more than <see cref="MaxDays"/> days.</exception>
    public async ValueTask<IReadOnlyList<IntakeDayOutcomes>> IntakeOutcomesPerDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        CheckPeriod(from, to);
        await _ledger.Streams[0].EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new List<IntakeDayOutcomes>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var entries = await DayAsync(day, cancellationToken).ConfigureAwait(false);
            if (entries.Count > 0)
            {
                // Refusals never reach the ledger: only acceptances can be counted from it.
                outcomes.Add(new IntakeDayOutcomes(day, entries.Count, 0, 0));
            }
        }

        return outcomes;
    }

    private ValueTask<IReadOnlyList<LedgerEntry>> DayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return _ledger.QueryEntriesAsync(new LedgerQuery { From = start, To = start.AddDays(1), Limit = int.MaxValue }, cancellationToken);
    }

    private static void CheckPeriod(DateOnly from, DateOnly to)
    {
        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"The period must run forwards and span at most {MaxDays} days.");
        }
    }
}
