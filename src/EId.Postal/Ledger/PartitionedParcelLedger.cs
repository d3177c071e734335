using EId.Diagnostics;
using EId.Postal.Parcels;
using EId.Postal.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Ledger;

/// <summary>
/// The national parcel ledger: one <see cref="ParcelLedger"/> (hash chain, checkpoints, receipts) per partition stream of a
/// <see cref="PartitionedPostgresLedgerStore"/>, parcels routed by <see cref="StreamRouter"/>, and a signed tree head over all
/// streams' heads so that one signature (and one auditor check) covers every partition. Stream <c>s</c> signs its receipts and
/// checkpoints as ledger <c>"{LedgerId}:{s}"</c>. Appends on different streams run in parallel; a batch is atomic per stream.
/// </summary>
public sealed class PartitionedParcelLedger : IParcelLedger, IParcelLedgerSet, IAsyncDisposable
{
    private readonly PartitionedPostgresLedgerStore _store;
    private readonly LedgerKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ParcelLedger[] _streams;

    /// <summary>Creates the ledger over a partitioned store.</summary>
    /// <exception cref="ArgumentException"><see cref="PostalOptions.LedgerId"/> leaves no room for the stream suffix (at most 59 characters).</exception>
    public PartitionedParcelLedger(PartitionedPostgresLedgerStore store, LedgerKeys keys, IOptions<PostalOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null, PostalTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var o = options.Value;
        if (!SignedLedgerReceipt.IsLedgerId($"{o.LedgerId}:{store.StreamCount - 1}"))
        {
            throw new ArgumentException("LedgerId must be letters, digits or '._:-', short enough for the ':<stream>' suffix of each stream.", nameof(options));
        }

        _store = store;
        _keys = keys;
        _time = time;
        LedgerId = o.LedgerId;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<PartitionedParcelLedger>();
        _streams = [.. Enumerable.Range(0, store.StreamCount).Select(s => new ParcelLedger(
            store.Stream(s),
            keys,
            Options.Create(new PostalOptions { CheckpointInterval = o.CheckpointInterval, CheckpointPeriod = o.CheckpointPeriod, LedgerId = $"{o.LedgerId}:{s}" }),
            time,
            loggerFactory.CreateLogger<ParcelLedger>(),
            telemetry))];
    }

    /// <summary>The ledger's identifier, signed into its tree heads.</summary>
    public string LedgerId { get; }

    /// <summary>How many streams.</summary>
    public int StreamCount => _streams.Length;

    /// <summary>Maps waybills to streams.</summary>
    public StreamRouter Router => _store.Router;

    /// <summary>The store underneath.</summary>
    public PartitionedPostgresLedgerStore Store => _store;

    /// <inheritdoc />
    public IReadOnlyList<ParcelLedger> Streams => _streams;

    /// <inheritdoc />
    ValueTask<SignedTreeHead?> IParcelLedgerSet.ReadLatestTreeHeadAsync(CancellationToken cancellationToken) => ReadTreeHeadAsync(null, cancellationToken);

    /// <summary>The ledger of one stream (append batches, receipts, queries, checkpoints of that stream).</summary>
    public ParcelLedger Stream(int streamId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(streamId, _streams.Length);
        return _streams[streamId];
    }

    /// <summary>The ledger of the stream <paramref name="waybillNumber"/> belongs to.</summary>
    public ParcelLedger ForWaybill(string waybillNumber) => _streams[Router.StreamOf(waybillNumber)];

    /// <summary>Creates or migrates the schema and streams (also done on first use).</summary>
    public ValueTask EnsureInitializedAsync(CancellationToken cancellationToken = default) => _streams[0].EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The parcel breaks the field rules.</exception>
    /// <exception cref="InvalidOperationException">The waybill is already in the ledger.</exception>
    public ValueTask<LedgerReceipt> AppendAsync(ParcelRecord parcel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        return ForWaybill(parcel.WaybillNumber ?? string.Empty).AppendAsync(parcel, cancellationToken);
    }

    /// <summary>
    /// Appends parcels grouped by stream, each group in one transaction of its stream, the groups in parallel. Atomic per
    /// stream only: when a group fails (e.g. a duplicate waybill) the others may still be committed.
    /// </summary>
    /// <returns>Per stream that received parcels: its receipts (input order within the stream) or its error.</returns>
    public async ValueTask<IReadOnlyDictionary<int, Result<IReadOnlyList<LedgerReceipt>, Failure<ParcelError>>>> TryAppendBatchAsync(IReadOnlyList<ParcelRecord> parcels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parcels);
        if (parcels.Any(p => p?.WaybillNumber is null))
        {
            throw new ArgumentException("A parcel or its waybill number is null.", nameof(parcels));
        }

        var groups = parcels.GroupBy(p => Router.StreamOf(p.WaybillNumber)).ToList();
        var tasks = groups.Select(g => _streams[g.Key].TryAppendBatchAsync([.. g], cancellationToken).AsTask()).ToArray();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return groups.Select((g, i) => (g.Key, results[i])).ToDictionary(x => x.Key, x => x.Item2);
    }

    /// <inheritdoc />
    public ValueTask<ParcelRecord?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(waybillNumber);
        return ForWaybill(waybillNumber).FindAsync(waybillNumber, cancellationToken);
    }

    /// <summary>The first failing stream's verification (its problem text names the stream), or an intact summary.</summary>
    public async ValueTask<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default)
    {
        var all = await VerifyAsync(cancellationToken).ConfigureAwait(false);
        if (all.FirstBadStream is { } s)
        {
            var bad = all.Streams[s];
            return bad with { Problem = $"Stream {s}: {bad.Problem}" };
        }

        return new ChainVerification(all.EntriesChecked, null, null);
    }

    /// <summary>
    /// Verifies every stream: its chain and checkpoints (<see cref="ChainVerifier"/>, two streams at a time) and that its head row
    /// names its last entry (a head row ahead of the chain means entries were removed from the end).
    /// </summary>
    public async ValueTask<PartitionedChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var results = new ChainVerification[_streams.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, _streams.Length), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (s, ct) =>
        {
            var store = _store.Stream(s);
            var chain = await ChainVerifier.VerifyAsync(store, _keys, ct).ConfigureAwait(false);
            results[s] = chain.IsIntact ? await CheckHeadRowAsync(store, chain, ct).ConfigureAwait(false) : chain;
        }).ConfigureAwait(false);
        var verification = new PartitionedChainVerification(results);
        if (!verification.IsIntact)
        {
            _logger.LogWarning("Partitioned ledger verification failed at stream {Stream}, sequence {Sequence}: {Reason}", verification.FirstBadStream, verification.FirstBadSequence, verification.Reason);
        }

        return verification;
    }

    /// <summary>
    /// Signs and stores a new tree head over the current head of every stream (read in one snapshot) and the tree-head log so far.
    /// Publish one regularly (e.g. every second); receipts and auditors then refer to it.
    /// </summary>
    public async ValueTask<SignedTreeHead> PublishTreeHeadAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var now = LedgerCodec.ToStoredPrecision(_time.GetUtcNow());
        var head = await _store.AppendTreeHeadAsync((streams, log) =>
        {
            var streamsRoot = MerkleTree.Root([.. streams.Select(h => h.LeafHash())]);
            var size = log.Count + 1;
            var leaf = MerkleTree.LeafHash(TreeHeadCodec.LogLeaf(size - 1, now, streams.Count, streamsRoot));
            var logRoot = MerkleTree.Root([.. log, leaf]);
            return SignedTreeHead.Sign(_keys, LedgerId, size, now, streams.Count, streamsRoot, logRoot);
        }, cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("Published tree head {Size} over {Streams} streams.", head.TreeSize, head.StreamCount);
        return head;
    }

    /// <summary>Tree head <paramref name="treeSize"/>, or the newest when null; null when none is stored.</summary>
    public ValueTask<SignedTreeHead?> ReadTreeHeadAsync(long? treeSize = null, CancellationToken cancellationToken = default) =>
        _store.ReadTreeHeadAsync(LedgerId, treeSize, cancellationToken);

    /// <summary>Stream <paramref name="streamId"/>'s head in tree head <paramref name="treeSize"/> and its inclusion proof, or null when there is no such tree head.</summary>
    public async ValueTask<(StreamHead Head, MerkleProof Proof)?> ProveStreamHeadAsync(long treeSize, int streamId, CancellationToken cancellationToken = default)
    {
        var heads = await _store.ReadTreeHeadStreamsAsync(treeSize, cancellationToken).ConfigureAwait(false);
        if (streamId < 0 || streamId >= heads.Count)
        {
            return null;
        }

        var path = MerkleTree.InclusionPath([.. heads.Select(h => h.LeafHash())], streamId);
        return (heads[streamId], new MerkleProof(MerkleProofKind.Inclusion, streamId, heads.Count, path));
    }

    /// <summary>The consistency proof between tree heads <paramref name="oldSize"/> and <paramref name="newSize"/>, or null when the sizes are out of range.</summary>
    public async ValueTask<MerkleProof?> ProveConsistencyAsync(long oldSize, long newSize, CancellationToken cancellationToken = default)
    {
        if (oldSize < 1 || oldSize > newSize)
        {
            return null;
        }

        var leaves = await _store.ReadTreeHeadLogAsync(newSize, cancellationToken).ConfigureAwait(false);
        return leaves.Count < newSize ? null : new MerkleProof(MerkleProofKind.Consistency, oldSize, newSize, MerkleTree.ConsistencyPath(leaves, (int)oldSize));
    }

    /// <summary>The proof that tree head <paramref name="treeSize"/> is in the log of tree head <paramref name="laterSize"/>, or null when out of range.</summary>
    public async ValueTask<MerkleProof?> ProveTreeHeadInLogAsync(long treeSize, long laterSize, CancellationToken cancellationToken = default)
    {
        if (treeSize < 1 || treeSize > laterSize)
        {
            return null;
        }

        var leaves = await _store.ReadTreeHeadLogAsync(laterSize, cancellationToken).ConfigureAwait(false);
        return leaves.Count < laterSize ? null : new MerkleProof(MerkleProofKind.Inclusion, treeSize - 1, laterSize, MerkleTree.InclusionPath(leaves, (int)(treeSize - 1)));
    }

    /// <summary>
    /// The proof that entry <paramref name="sequence"/> of <paramref name="streamId"/> is in that stream's head in tree head
    /// <paramref name="treeSize"/>, or null when the entry is not covered by it.
    /// </summary>
    public async ValueTask<StreamChainProof?> ProveEntryAsync(int streamId, long sequence, long treeSize, CancellationToken cancellationToken = default)
    {
        var heads = await _store.ReadTreeHeadStreamsAsync(treeSize, cancellationToken).ConfigureAwait(false);
        if (streamId < 0 || streamId >= heads.Count || sequence < 1 || sequence > heads[streamId].Length)
        {
            return null;
        }

        var store = _store.Stream(streamId);
        var entries = new List<LedgerEntry>();
        var next = sequence;
        while (next <= heads[streamId].Length)
        {
            var page = await store.ReadEntriesAsync(next, (int)Math.Min(2000, heads[streamId].Length - next + 1), cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return null;
            }

            entries.AddRange(page);
            next += page.Count;
        }

        return new StreamChainProof(streamId, sequence, entries[0].PreviousHash, entries[0].Body, [.. entries.Skip(1).Select(e => e.Body)]);
    }

    /// <summary>
    /// Audits a stored tree head against the store: trusted signature, stream heads hashing to its streams root, the stored log
    /// hashing to its log root, and every stream still holding, at the tree head's length, the hash the tree head names, so the
    /// tree head is a prefix-state of today's ledger (run <see cref="VerifyAsync"/> too for the chains themselves).
    /// </summary>
    public async ValueTask<TreeHeadAudit> AuditTreeHeadAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        var head = await _store.ReadTreeHeadAsync(LedgerId, treeSize, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return new TreeHeadAudit(treeSize, TreeHeadAuditProblem.NotFound);
        }

        if (!TreeHeadVerifier.VerifySignature(head, _keys))
        {
            return new TreeHeadAudit(treeSize, TreeHeadAuditProblem.BadSignature);
        }

        var streams = await _store.ReadTreeHeadStreamsAsync(treeSize, cancellationToken).ConfigureAwait(false);
        if (streams.Count != head.StreamCount || !MerkleTree.Root([.. streams.Select(h => h.LeafHash())]).AsSpan().SequenceEqual(head.StreamsRoot))
        {
            return new TreeHeadAudit(treeSize, TreeHeadAuditProblem.StreamsRootMismatch);
        }

        var log = await _store.ReadTreeHeadLogAsync(treeSize, cancellationToken).ConfigureAwait(false);
        if (log.Count != treeSize || !MerkleTree.Root(log).AsSpan().SequenceEqual(head.LogRoot))
        {
            return new TreeHeadAudit(treeSize, TreeHeadAuditProblem.LogRootMismatch);
        }

        foreach (var stream in streams.Where(s => s.Length > 0))
        {
            var entry = await _store.Stream(stream.StreamId).ReadEntriesAsync(stream.Length, 1, cancellationToken).ConfigureAwait(false);
            if (entry.Count == 0 || entry[0].Sequence != stream.Length || !entry[0].EntryHash.AsSpan().SequenceEqual(stream.HeadHash))
            {
                return new TreeHeadAudit(treeSize, TreeHeadAuditProblem.StreamNotPrefix, stream.StreamId);
            }
        }

        return new TreeHeadAudit(treeSize, null);
    }

    /// <summary>Stops every stream's checkpoint timer and checkpoints entries still waiting for one.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ChainVerification> CheckHeadRowAsync(ILedgerStore store, ChainVerification chain, CancellationToken cancellationToken)
    {
        var head = await store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var last = chain.EntriesChecked;
        if (head.LastSequence > last)
        {
            return new ChainVerification(last, last + 1, $"The stream's head names entry {head.LastSequence} but its chain ends at {last}: entries were removed.") { Reason = ChainProblem.MissingEntries };
        }

        var lastHash = last == 0 ? LedgerHead.Empty.LastHash : (await store.ReadEntriesAsync(last, 1, cancellationToken).ConfigureAwait(false))[0].EntryHash;
        if (head.LastSequence < last || !head.LastHash.AsSpan().SequenceEqual(lastHash))
        {
            return new ChainVerification(last, Math.Max(1, head.LastSequence), "The stream's head row disagrees with its chain.") { Reason = ChainProblem.HashMismatch };
        }

        return chain;
    }
}
