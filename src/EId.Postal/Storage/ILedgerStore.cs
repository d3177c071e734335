using EId.Postal.Ledger;
using EId.Postal.Parcels;

namespace EId.Postal.Storage;

/// <summary>
/// Where the ledger keeps entries, data keys, checkpoints and the regulator audit log. Stores only
/// persist and fetch; hashing, sealing and signing happen in <see cref="ParcelLedger"/>.
/// Every implementation passes the same contract test suite.
/// </summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent; called once before first use.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends atomically: inside one write transaction (serialised against other writers) the
    /// store reads the head, calls <paramref name="build"/> with it and writes what it returns.
    /// Returns <see cref="ParcelError.DuplicateWaybill"/> (and writes nothing) when a waybill is already stored.
    /// When this returns success the batch is durable.
    /// </summary>
    ValueTask<Result<LedgerBatch, Failure<ParcelError>>> AppendAsync(Func<LedgerHead, LedgerBatch> build, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checkpoints the head: inside one write transaction (serialised against appends and other writers) the store reads
    /// the head and, when the ledger is not empty and no checkpoint covers the head yet, writes <paramref name="sign"/>'s
    /// checkpoint for it. Returns that checkpoint, or null when there was nothing to sign. When this returns it is durable.
    /// </summary>
    ValueTask<LedgerCheckpoint?> CheckpointHeadAsync(Func<LedgerHead, LedgerCheckpoint> sign, CancellationToken cancellationToken = default);

    /// <summary>The current head.</summary>
    ValueTask<LedgerHead> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>The entry for a waybill, or null.</summary>
    ValueTask<LedgerEntry?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default);

    /// <summary>Entries matching <paramref name="query"/>, in sequence order.</summary>
    ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> entries with sequence ≥ <paramref name="fromSequence"/>, in sequence order (for verification).</summary>
    ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default);

    /// <summary>All checkpoints in sequence order.</summary>
    ValueTask<IReadOnlyList<LedgerCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>The wrapped data key of an entry, or null once shredded.</summary>
    ValueTask<byte[]?> GetDataKeyAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>Destroys the data keys of entries accepted before <paramref name="acceptedBefore"/>; returns how many.</summary>
    ValueTask<int> DeleteDataKeysAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken = default);

    /// <summary>Appends a regulator audit record durably.</summary>
    ValueTask AppendAuditAsync(RegulatorAuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Audit records with <see cref="RegulatorAuditRecord.At"/> in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    ValueTask<IReadOnlyList<RegulatorAuditRecord>> ReadAuditAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
