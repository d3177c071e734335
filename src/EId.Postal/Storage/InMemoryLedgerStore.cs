using EId.Postal.Ledger;
using EId.Postal.Parcels;

namespace EId.Postal.Storage;

/// <summary>A ledger store in process memory, for tests and demos. Thread-safe; nothing survives the process.</summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock _gate = new();
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<string, LedgerEntry> _byWaybill = new(StringComparer.Ordinal);
    private readonly Dictionary<long, LedgerDataKey> _keys = [];
    private readonly List<LedgerCheckpoint> _checkpoints = [];
    private readonly List<RegulatorAuditRecord> _audit = [];

    /// <summary>
    /// The stored entries, in storage order, for tests that play the attacker (edit, delete, reorder);
    /// rebuild the waybill index with <see cref="Reindex"/> afterwards.
    /// </summary>
    internal List<LedgerEntry> Entries => _entries;

    /// <summary>The stored checkpoints (for tests).</summary>
    internal List<LedgerCheckpoint> Checkpoints => _checkpoints;

    /// <inheritdoc />
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<Result<LedgerBatch, Failure<ParcelError>>> AppendAsync(Func<LedgerHead, LedgerBatch> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (_gate)
        {
            var batch = build(Head());
            foreach (var entry in batch.Entries)
            {
                if (_byWaybill.ContainsKey(entry.WaybillNumber))
                {
                    return ValueTask.FromResult<Result<LedgerBatch, Failure<ParcelError>>>(
                        new Failure<ParcelError>(ParcelError.DuplicateWaybill, "The waybill is already in the ledger."));
                }
            }

            foreach (var entry in batch.Entries)
            {
                _entries.Add(entry);
                _byWaybill[entry.WaybillNumber] = entry;
            }

            foreach (var key in batch.Keys)
            {
                _keys[key.Sequence] = key;
            }

            _checkpoints.AddRange(batch.Checkpoints);
            return ValueTask.FromResult<Result<LedgerBatch, Failure<ParcelError>>>(batch);
        }
    }

    /// <inheritdoc />
    public ValueTask<LedgerCheckpoint?> CheckpointHeadAsync(Func<LedgerHead, LedgerCheckpoint> sign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sign);
        lock (_gate)
        {
            var head = Head();
            if (head.LastSequence == 0 || _checkpoints.Exists(c => c.Sequence == head.LastSequence))
            {
                return ValueTask.FromResult<LedgerCheckpoint?>(null);
            }

            var checkpoint = sign(head);
            _checkpoints.Add(checkpoint);
            return ValueTask.FromResult<LedgerCheckpoint?>(checkpoint);
        }
    }

    /// <inheritdoc />
    public ValueTask<LedgerHead> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Head());
        }
    }

    /// <inheritdoc />
    public ValueTask<LedgerEntry?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_byWaybill.GetValueOrDefault(waybillNumber));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IReadOnlyList<LedgerEntry> result = [.. _entries
                .Where(e => e.AcceptedAt >= query.From && e.AcceptedAt < query.To)
                .Where(e => query.SenderToken is null || string.Equals(e.SenderToken, query.SenderToken, StringComparison.Ordinal))
                .Where(e => query.RegionLow is null || InRange(e, query))
                .OrderBy(e => e.Sequence)
                .Take(query.Limit)];
            return ValueTask.FromResult(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<LedgerEntry> result = [.. _entries.Where(e => e.Sequence >= fromSequence).OrderBy(e => e.Sequence).Take(count)];
            return ValueTask.FromResult(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<LedgerCheckpoint> result = [.. _checkpoints.OrderBy(c => c.Sequence)];
            return ValueTask.FromResult(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetDataKeyAsync(long sequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_keys.TryGetValue(sequence, out var key) ? key.WrappedKey : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> DeleteDataKeysAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var expired = _keys.Values.Where(k => k.AcceptedAt < acceptedBefore).Select(k => k.Sequence).ToList();
            foreach (var sequence in expired)
            {
                _keys.Remove(sequence);
            }

            return ValueTask.FromResult(expired.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAuditAsync(RegulatorAuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _audit.Add(record with { At = LedgerCodec.ToStoredPrecision(record.At) });
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RegulatorAuditRecord>> ReadAuditAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RegulatorAuditRecord> result = [.. _audit.Where(a => a.At >= from && a.At < to)];
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Rebuilds the waybill index after a test edited <see cref="Entries"/>.</summary>
    internal void Reindex()
    {
        lock (_gate)
        {
            _byWaybill.Clear();
            foreach (var entry in _entries)
            {
                _byWaybill[entry.WaybillNumber] = entry;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private LedgerHead Head() =>
        _entries.Count == 0 ? LedgerHead.Empty : _entries.MaxBy(e => e.Sequence) is { } last ? new LedgerHead(last.Sequence, last.EntryHash) : LedgerHead.Empty;

    private static bool InRange(LedgerEntry entry, LedgerQuery query)
    {
        bool Inside(string code) => string.CompareOrdinal(code, query.RegionLow) >= 0 && string.CompareOrdinal(code, query.RegionHigh) <= 0;
        return query.Side switch
        {
            RegionSide.Origin => Inside(entry.OriginRegion),
            RegionSide.Destination => Inside(entry.DestinationRegion),
            _ => Inside(entry.OriginRegion) || Inside(entry.DestinationRegion),
        };
    }
}
