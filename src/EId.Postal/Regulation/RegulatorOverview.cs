using System.Globalization;
using EId.Postal.Ledger;
using EId.Postal.Storage;

namespace EId.Postal.Regulation;

/// <summary>
/// The regulator's overview: the ledger's verification status with its latest signed checkpoint, and pseudonymised
/// statistics. Like <see cref="RegulatorQueries"/>, each call checks the officer's role and is written to the audit log
/// before it answers. Neither answer carries personal data.
/// </summary>
public sealed class RegulatorOverview
{
    private readonly IParcelLedgerSet _ledger;
    private readonly IParcelStatistics _statistics;
    private readonly TimeProvider _time;

    /// <summary>Creates the overview.</summary>
    /// <param name="ledger">The parcel ledger (one, or the streams of the partitioned one).</param>
    /// <param name="statistics">The statistics source.</param>
    /// <param name="time">The clock (audit times).</param>
    public RegulatorOverview(IParcelLedgerSet ledger, IParcelStatistics statistics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(time);
        _ledger = ledger;
        _statistics = statistics;
        _time = time;
    }

    /// <summary>Verifies the whole chain and reports it with the latest checkpoint (any regulator role; audited as <c>ledger</c>).</summary>
    /// <param name="officer">The officer.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The status, or <see cref="QueryError.Unauthorized"/>.</returns>
    public async ValueTask<Result<LedgerStatus, Failure<QueryError>>> LedgerStatusAsync(RegulatorPrincipal officer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var allowed = officer.Roles != RegulatorRoles.None && !string.IsNullOrWhiteSpace(officer.OfficerId);
        await AuditAsync(officer, "ledger", string.Empty, allowed, 0, cancellationToken).ConfigureAwait(false);
        if (!allowed)
        {
            return Denied();
        }

        var verification = await _ledger.VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        var streams = _ledger.Streams;
        if (streams.Count == 1)
        {
            var head = await streams[0].Store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            var checkpoints = await streams[0].Store.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
            var latest = checkpoints.Count == 0 ? null : checkpoints.MaxBy(c => c.Sequence);
            return new LedgerStatus(_ledger.LedgerId, head.LastSequence, verification, latest, _time.GetUtcNow());
        }

        // Partitioned: entries summed over streams; each stream's checkpoints are its own, the signed tree head covers them all.
        long entries = 0;
        foreach (var stream in streams)
        {
            entries += (await stream.Store.GetHeadAsync(cancellationToken).ConfigureAwait(false)).LastSequence;
        }

        var treeHead = await _ledger.ReadLatestTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        return new LedgerStatus(_ledger.LedgerId, entries, verification, null, _time.GetUtcNow()) { Streams = streams.Count, LatestTreeHead = treeHead };
    }

    /// <summary>Accepted parcels per region pair and day (role <see cref="RegulatorRoles.RegionSearch"/>; audited as <c>statistics</c>).</summary>
    /// <param name="officer">The officer.</param>
    /// <param name="from">First day (UTC).</param>
    /// <param name="to">Last day (UTC), inclusive.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The counts, or why not.</returns>
    public async ValueTask<Result<IReadOnlyList<RegionPairDayCount>, Failure<QueryError>>> RegionPairDayCountsAsync(RegulatorPrincipal officer, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd} to={to:yyyy-MM-dd}");
        var allowed = officer.Roles.HasFlag(RegulatorRoles.RegionSearch) && !string.IsNullOrWhiteSpace(officer.OfficerId);
        if (!allowed)
        {
            await AuditAsync(officer, "statistics", parameters, false, 0, cancellationToken).ConfigureAwait(false);
            return Denied();
        }

        if (to < from || to.DayNumber - from.DayNumber >= LedgerParcelStatistics.MaxDays)
        {
            await AuditAsync(officer, "statistics", parameters, true, 0, cancellationToken).ConfigureAwait(false);
            return new Failure<QueryError>(QueryError.BadInput, $"The period must run forwards and span at most {LedgerParcelStatistics.MaxDays} days.");
        }

        var counts = await _statistics.ParcelsPerRegionPairAndDayAsync(from, to, cancellationToken).ConfigureAwait(false);
        await AuditAsync(officer, "statistics", parameters, true, counts.Count, cancellationToken).ConfigureAwait(false);
        return Result<IReadOnlyList<RegionPairDayCount>, Failure<QueryError>>.Success(counts);
    }

    private async ValueTask AuditAsync(RegulatorPrincipal officer, string query, string parameters, bool allowed, int count, CancellationToken cancellationToken)
    {
        var audit = _ledger.Streams[0];
        await audit.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var id = officer.OfficerId ?? string.Empty;
        var clipped = string.Concat((id.Length > 64 ? id[..64] : id).Select(c => char.IsControl(c) ? '?' : c));
        await audit.Store.AppendAuditAsync(new RegulatorAuditRecord(_time.GetUtcNow(), clipped, officer.Roles.ToString(), query, parameters, allowed, count), cancellationToken).ConfigureAwait(false);
    }

    private static Failure<QueryError> Denied() => new(QueryError.Unauthorized, "The officer lacks the role this query needs.");
}

/// <summary>The ledger's state for the regulator.</summary>
/// <param name="LedgerId">The ledger's identifier.</param>
/// <param name="Entries">How many entries the ledger holds (its head sequence).</param>
/// <param name="Verification">The result of walking the whole chain.</param>
/// <param name="LatestCheckpoint">The newest signed checkpoint, or null when none was signed yet (always null when partitioned: see <see cref="LatestTreeHead"/>).</param>
/// <param name="CheckedAt">When the verification ran.</param>
public sealed record LedgerStatus(string LedgerId, long Entries, ChainVerification Verification, LedgerCheckpoint? LatestCheckpoint, DateTimeOffset CheckedAt)
{
    /// <summary>How many streams were verified (1 for a single ledger).</summary>
    public int Streams { get; init; } = 1;

    /// <summary>The partitioned ledger's newest signed tree head over all streams, or null (single ledger, or none published yet).</summary>
    public SignedTreeHead? LatestTreeHead { get; init; }
}
