namespace EId.Postal.Ledger;

/// <summary>
/// The ledgers a postal server writes to and the regulator reads: one <see cref="ParcelLedger"/> (a set of one that owns every
/// waybill) or the streams of a <see cref="PartitionedParcelLedger"/>. Intake appends through <see cref="ForWaybill"/>; regulator
/// queries trace in the owning ledger and fan out over <see cref="Streams"/> for searches, statistics and verification. Regulator
/// audit records are kept in <c>Streams[0]</c> only, so the audit trail is one table whatever the partitioning.
/// </summary>
public interface IParcelLedgerSet
{
    /// <summary>The ledger's identifier (the partitioned ledger's own, signed into its tree heads; each stream adds <c>:s</c>).</summary>
    string LedgerId { get; }

    /// <summary>Every ledger of the set, in stream order (at least one); the first also holds the regulator audit log.</summary>
    IReadOnlyList<ParcelLedger> Streams { get; }

    /// <summary>The ledger that holds (or will hold) <paramref name="waybillNumber"/>.</summary>
    ParcelLedger ForWaybill(string waybillNumber);

    /// <summary>Verifies every ledger of the set; the first failure found (its problem naming the stream when partitioned), or an intact summary.</summary>
    ValueTask<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest signed tree head over all streams, or null (always null for a single ledger, whose checkpoints cover it).</summary>
    ValueTask<SignedTreeHead?> ReadLatestTreeHeadAsync(CancellationToken cancellationToken = default);
}
