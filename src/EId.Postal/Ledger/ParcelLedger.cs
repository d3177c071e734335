using EId.Diagnostics;
using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using EId.Postal.Parcels;
using EId.Postal.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Ledger;

/// <summary>
/// The append-only, hash-chained parcel ledger. Each entry's hash is SHA-256(previous hash ‖
/// canonical body); the body holds the public parcel fields and the sender's personal data sealed
/// under a per-record key, so shredding keys leaves the chain verifiable. Every
/// <see cref="PostalOptions.CheckpointInterval"/> entries the server signs a checkpoint (Ed25519), and at most
/// <see cref="PostalOptions.CheckpointPeriod"/> after an append it checkpoints the newest entry (a timer on the
/// <see cref="TimeProvider"/>, armed by appends and at start), so a quiet ledger cannot lose its newest entries unnoticed.
/// <see cref="SignReceipt"/> gives the handheld a signed receipt for its entry.
/// </summary>
public sealed class ParcelLedger : IParcelLedger, IParcelLedgerSet, IDisposable, IAsyncDisposable
{
    // Below this many parcels the cost of fanning out outweighs sealing in parallel (~20-30 µs a record).
    private const int ParallelSealThreshold = 64;

    private readonly ILedgerStore _store;
    private readonly LedgerKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<ParcelLedger> _logger;
    private readonly int _checkpointInterval;
    private readonly TimeSpan _checkpointPeriod;
    private readonly string _ledgerId;
    private readonly ITimer? _checkpointTimer;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;
    private int _checkpointArmed;
    private Task _timedCheckpoint = Task.CompletedTask;

    /// <summary>Creates the ledger over a store.</summary>
    public ParcelLedger(ILedgerStore store, LedgerKeys keys, IOptions<PostalOptions> options, TimeProvider time, ILogger<ParcelLedger>? logger = null, PostalTelemetry? telemetry = null)
    {
        Telemetry = telemetry ?? PostalTelemetry.Shared;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _keys = keys;
        _time = time;
        _logger = logger ?? NullLogger<ParcelLedger>.Instance;
        _checkpointInterval = options.Value.CheckpointInterval;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_checkpointInterval);
        _checkpointPeriod = options.Value.CheckpointPeriod;
        if (_checkpointPeriod != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_checkpointPeriod, TimeSpan.Zero, nameof(options));
        }

        _ledgerId = SignedLedgerReceipt.IsLedgerId(options.Value.LedgerId)
            ? options.Value.LedgerId
            : throw new ArgumentException("LedgerId must be 1 to 64 letters, digits or '._:-'.", nameof(options));

        // A verify-only key set cannot sign: such a ledger only reads, so it has no time checkpoints to write.
        if (_checkpointPeriod != Timeout.InfiniteTimeSpan && keys.SigningPublicKey is not null)
        {
            _checkpointTimer = time.CreateTimer(static state => ((ParcelLedger)state!).OnCheckpointDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>This ledger's identifier (<see cref="PostalOptions.LedgerId"/>), signed into its receipts.</summary>
    public string LedgerId => _ledgerId;

    /// <summary>The time checkpoint last started by the timer (tests await it after advancing a fake clock).</summary>
    internal Task TimedCheckpoint => _timedCheckpoint;

    /// <inheritdoc />
    IReadOnlyList<ParcelLedger> IParcelLedgerSet.Streams => [this];

    /// <inheritdoc />
    ParcelLedger IParcelLedgerSet.ForWaybill(string waybillNumber) => this;

    /// <inheritdoc />
    ValueTask<SignedTreeHead?> IParcelLedgerSet.ReadLatestTreeHeadAsync(CancellationToken cancellationToken) => ValueTask.FromResult<SignedTreeHead?>(null);

    /// <summary>The store underneath (for regulator queries and the audit log).</summary>
    public ILedgerStore Store => _store;

    /// <summary>Appends one parcel; bad fields and duplicate waybills are typed errors.</summary>
    public async ValueTask<Result<LedgerReceipt, Failure<ParcelError>>> TryAppendAsync(ParcelRecord parcel, CancellationToken cancellationToken = default)
    {
        var result = await TryAppendBatchAsync([parcel], cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? result.Value[0] : result.Error;
    }

    /// <summary>
    /// Appends parcels in one transaction (one durable commit for the whole batch): all or none.
    /// Receipts come back in input order.
    /// </summary>
    public async ValueTask<Result<IReadOnlyList<LedgerReceipt>, Failure<ParcelError>>> TryAppendBatchAsync(IReadOnlyList<ParcelRecord> parcels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parcels);
        using var scope = Telemetry.Append.Start();
        var result = await TryAppendBatchCoreAsync(parcels, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.IsSuccess ? "ok" : "refused", EIdTags.Tag(EIdTags.Reason, result.IsSuccess ? null : result.Error.Reason.ToString()));
        return result;
    }

    /// <summary>The metrics and activities of this ledger (meter and activity source <see cref="PostalTelemetry.SourceName"/>).</summary>
    public PostalTelemetry Telemetry { get; }

    private async ValueTask<Result<IReadOnlyList<LedgerReceipt>, Failure<ParcelError>>> TryAppendBatchCoreAsync(IReadOnlyList<ParcelRecord> parcels, CancellationToken cancellationToken)
    {
        if (parcels.Count == 0)
        {
            return Array.Empty<LedgerReceipt>();
        }

        var waybills = new HashSet<string>(StringComparer.Ordinal);
        var withPii = 0;
        for (var i = 0; i < parcels.Count; i++)
        {
            var parcel = parcels[i] ?? throw new ArgumentException("A parcel is null.", nameof(parcels));
            if (ParcelRules.Check(parcel) is { } failure)
            {
                return failure;
            }

            if (!waybills.Add(parcel.WaybillNumber.Trim()))
            {
                return new Failure<ParcelError>(ParcelError.DuplicateWaybill, "The batch holds the same waybill twice.");
            }

            withPii += parcel.SenderPii is null ? 0 : 1;
        }

        // Sealing and encoding are the expensive part and do not depend on the sequence: do them outside
        // the write lock, over the cores for large batches (each record has its own data key; LedgerKeys
        // only reads). The whole batch's randomness comes from one CSPRNG call (see PiiSeal).
        var prepared = new PreparedEntry[parcels.Count];
        var randomLength = parcels.Count * PiiSeal.RandomBytesPerRecord;
        var random = withPii > 0 ? ArrayPool<byte>.Shared.Rent(randomLength) : [];
        try
        {
            if (withPii > 0)
            {
                RandomNumberGenerator.Fill(random.AsSpan(0, randomLength));
            }

            if (parcels.Count >= ParallelSealThreshold && Environment.ProcessorCount > 1)
            {
                try
                {
                    Parallel.For(0, parcels.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => prepared[i] = Prepare(parcels[i], random, i));
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }
            }
            else
            {
                for (var i = 0; i < parcels.Count; i++)
                {
                    prepared[i] = Prepare(parcels[i], random, i);
                }
            }
        }
        finally
        {
            if (withPii > 0)
            {
                CryptographicOperations.ZeroMemory(random.AsSpan(0, randomLength));
                ArrayPool<byte>.Shared.Return(random);
            }
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var now = LedgerCodec.ToStoredPrecision(_time.GetUtcNow());
        var stored = await _store.AppendAsync(head => Chain(head, prepared, now), cancellationToken).ConfigureAwait(false);
        if (!stored.IsSuccess)
        {
            return stored.Error;
        }

        var receipts = new LedgerReceipt[stored.Value.Entries.Count];
        for (var i = 0; i < receipts.Length; i++)
        {
            var entry = stored.Value.Entries[i];
            receipts[i] = new LedgerReceipt(entry.Sequence, Convert.ToHexStringLower(entry.EntryHash), now);
        }

        _logger.LogDebug("Appended {Count} parcel(s), sequences {First}–{Last}.", receipts.Length, receipts[0].Sequence, receipts[^1].Sequence);
        ArmCheckpointTimer();
        return receipts;
    }

    /// <summary>
    /// Signs <paramref name="receipt"/> (from an append to this ledger) with the checkpoint key, for the handheld to keep:
    /// it later proves the entry is still there and unchanged (<see cref="VerifyReceiptAsync"/>, <c>eid ledger verify --receipt</c>).
    /// </summary>
    /// <param name="receipt">The receipt of an append.</param>
    /// <returns>The signed receipt.</returns>
    public SignedLedgerReceipt SignReceipt(LedgerReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return SignedLedgerReceipt.Create(_ledgerId, receipt, _keys);
    }

    /// <summary>Checks a receipt against this ledger: trusted signature, this ledger's id, and its entry still there unchanged.</summary>
    /// <param name="receipt">The receipt.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Valid, or the problem.</returns>
    public async ValueTask<ReceiptVerification> VerifyReceiptAsync(SignedLedgerReceipt receipt, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var result = await ReceiptVerifier.VerifyAsync(_store, receipt, _keys, _ledgerId, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            _logger.LogWarning("Receipt for entry {Sequence} does not verify: {Problem}", result.Sequence, result.Problem);
        }

        return result;
    }

    /// <summary>
    /// Signs a checkpoint over the newest entry now, unless one already covers it (what the time checkpoints do; call it
    /// before a planned shutdown). Serialised with appends by the store.
    /// </summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The checkpoint written, or null when the head was already checkpointed or the ledger is empty.</returns>
    public async ValueTask<LedgerCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        using var scope = Telemetry.Checkpoint.Start();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var now = LedgerCodec.ToStoredPrecision(_time.GetUtcNow());
        var checkpoint = await _store.CheckpointHeadAsync(head => SignCheckpoint(head.LastSequence, head.LastHash, now), cancellationToken).ConfigureAwait(false);
        if (checkpoint is not null)
        {
            _logger.LogDebug("Checkpointed entry {Sequence}.", checkpoint.Sequence);
        }

        scope.Complete(checkpoint is null ? "current" : "written");

        return checkpoint;
    }

    // One timer, armed by the first append after a checkpoint: entries wait at most one period, and a busy ledger signs one
    // checkpoint a period rather than one per append.
    private void ArmCheckpointTimer()
    {
        if (_checkpointTimer is not null && !_disposed && Interlocked.Exchange(ref _checkpointArmed, 1) == 0)
        {
            _checkpointTimer.Change(_checkpointPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnCheckpointDue()
    {
        // Disarm first: an append from now on arms the next period, and this checkpoint covers whatever it reads as the head.
        Volatile.Write(ref _checkpointArmed, 0);
        _timedCheckpoint = RunTimedCheckpointAsync();
    }

    private async Task RunTimedCheckpointAsync()
    {
        try
        {
            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A timer callback has no caller to throw to: log, and try again a period later.
            _logger.LogWarning(ex, "The time checkpoint could not be written; retrying in {Period}.", _checkpointPeriod);
            ArmCheckpointTimer();
        }
    }

    private LedgerCheckpoint SignCheckpoint(long sequence, byte[] hash, DateTimeOffset now) =>
        new(sequence, hash, now, _keys.SigningPublicKey!, _keys.Sign(LedgerCodec.CheckpointPayload(sequence, hash, now)));

    private PreparedEntry Prepare(ParcelRecord parcel, byte[] random, int index)
    {
        var normalised = parcel with
        {
            WaybillNumber = parcel.WaybillNumber.Trim(),
            AcceptedAt = LedgerCodec.ToStoredPrecision(parcel.AcceptedAt),
            Verification = parcel.Verification with { VerifiedAt = LedgerCodec.ToStoredPrecision(parcel.Verification.VerifiedAt) },
            SenderPii = null,
        };
        if (parcel.SenderPii is not { } pii)
        {
            return new PreparedEntry(normalised, LedgerCodec.EncodeBody(0, normalised, []), null);
        }

        var (sealedPii, wrapped) = PiiSeal.Seal(pii, normalised.WaybillNumber, _keys, random.AsSpan(index * PiiSeal.RandomBytesPerRecord, PiiSeal.RandomBytesPerRecord));

        // Encoded with sequence 0; the writer sets the real sequence inside its transaction.
        return new PreparedEntry(normalised, LedgerCodec.EncodeBody(0, normalised, sealedPii), wrapped);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The parcel breaks the field rules (see <see cref="ParcelRules"/>).</exception>
    /// <exception cref="InvalidOperationException">The waybill is already in the ledger.</exception>
    public async ValueTask<LedgerReceipt> AppendAsync(ParcelRecord parcel, CancellationToken cancellationToken = default)
    {
        var result = await TryAppendAsync(parcel, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            return result.Value;
        }

        throw result.Error.Reason == ParcelError.DuplicateWaybill
            ? new InvalidOperationException(result.Error.ToString())
            : new ArgumentException(result.Error.ToString(), nameof(parcel));
    }

    /// <inheritdoc />
    public async ValueTask<ParcelRecord?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(waybillNumber);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var entry = await _store.FindAsync(waybillNumber.Trim(), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : await OpenAsync(entry, withPii: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parcels matching a query, optionally with their personal data (null where shredded).</summary>
    public async ValueTask<IReadOnlyList<ParcelRecord>> QueryAsync(LedgerQuery query, bool withPii, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var entries = await _store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var records = new List<ParcelRecord>(entries.Count);
        foreach (var entry in entries)
        {
            if (await OpenAsync(entry, withPii, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Finds a parcel without decrypting its personal data.</summary>
    public async ValueTask<ParcelRecord?> FindPublicAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(waybillNumber);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var entry = await _store.FindAsync(waybillNumber.Trim(), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : await OpenAsync(entry, withPii: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var result = await ChainVerifier.VerifyAsync(_store, _keys, cancellationToken).ConfigureAwait(false);
        if (!result.IsIntact)
        {
            _logger.LogWarning("Ledger chain verification failed at sequence {Sequence}: {Problem}", result.FirstBadSequence, result.Problem);
        }

        return result;
    }

    /// <summary>
    /// Crypto-shredding at retention expiry: destroys the data keys of parcels accepted before
    /// <paramref name="olderThan"/>, making their personal data unreadable; entries and chain stay intact.
    /// </summary>
    /// <returns>How many records were shredded.</returns>
    public async ValueTask<int> ShredExpiredAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var count = await _store.DeleteDataKeysAsync(olderThan, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Shredded the personal data of {Count} parcel(s) accepted before {Cutoff:O}.", count, olderThan);
        return count;
    }

    /// <summary>Creates or migrates the store's schema (also done on first use).</summary>
    public async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;

                // After a restart the newest entries may still wait for their checkpoint: sign them within one period.
                ArmCheckpointTimer();
            }
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Stops the checkpoint timer and releases the initialisation lock (the store and keys belong to the caller).</summary>
    public void Dispose()
    {
        _disposed = true;
        _checkpointTimer?.Dispose();
        _initLock.Dispose();
    }

    /// <summary>Stops the checkpoint timer, waits for a running time checkpoint and checkpoints entries still waiting for one.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        var pending = Interlocked.Exchange(ref _checkpointArmed, 0) == 1;
        _disposed = true;
        _checkpointTimer?.Dispose();
        await _timedCheckpoint.ConfigureAwait(false);
        if (pending && _initialized)
        {
            try
            {
                await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may already be closed; the entries are then checkpointed within one period of the next start.
                _logger.LogWarning(ex, "The final checkpoint could not be written.");
            }
        }

        _initLock.Dispose();
    }

    private LedgerBatch Chain(LedgerHead head, PreparedEntry[] parts, DateTimeOffset now)
    {
        var entries = new LedgerEntry[parts.Length];
        var keys = new List<LedgerDataKey>(parts.Length);
        var checkpoints = new List<LedgerCheckpoint>();
        var previous = head.LastHash;
        var sequence = head.LastSequence;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (index, part) in parts.Index())
        {
            sequence++;
            var parcel = part.Parcel;

            // Stamped in place: should a store call this again (a retried transaction), it stamps afresh.
            var body = part.Body;
            LedgerCodec.SetSequence(body, sequence);
            var hash = LedgerCodec.EntryHash(sha, previous, body);
            entries[index] = new LedgerEntry(sequence, parcel.WaybillNumber, parcel.SenderToken, parcel.AcceptedAt, parcel.OriginRegion, parcel.DestinationRegion, body, previous, hash);
            if (part.WrappedKey is { } wrapped)
            {
                keys.Add(new LedgerDataKey(sequence, parcel.AcceptedAt, wrapped));
            }

            if (sequence % _checkpointInterval == 0)
            {
                checkpoints.Add(SignCheckpoint(sequence, hash, now));
            }

            previous = hash;
        }

        return new LedgerBatch(entries, keys, checkpoints);
    }

    /// <summary>A parcel sealed and encoded ahead of the write transaction (body with sequence 0).</summary>
    private sealed record PreparedEntry(ParcelRecord Parcel, byte[] Body, byte[]? WrappedKey);

    private async ValueTask<ParcelRecord?> OpenAsync(LedgerEntry entry, bool withPii, CancellationToken cancellationToken)
    {
        var decoded = LedgerCodec.DecodeBody(entry.Body);
        if (!decoded.IsSuccess)
        {
            _logger.LogWarning("Ledger entry {Sequence} cannot be decoded: {Reason}", entry.Sequence, decoded.Error.Reason);
            return null;
        }

        var body = decoded.Value;
        if (!withPii || body.SealedPii.Length == 0)
        {
            return body.Parcel;
        }

        var wrapped = await _store.GetDataKeyAsync(entry.Sequence, cancellationToken).ConfigureAwait(false);
        return wrapped is null ? body.Parcel : body.Parcel with { SenderPii = PiiSeal.Unseal(body.SealedPii, wrapped, body.Parcel.WaybillNumber, _keys) };
    }
}
