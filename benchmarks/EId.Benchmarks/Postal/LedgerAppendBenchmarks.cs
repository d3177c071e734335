using BenchmarkDotNet.Attributes;
using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EId.Benchmarks.Postal;

/// <summary>
/// Append throughput on SQLite with the hash chain, Ed25519 checkpoints every 1000 entries and
/// per-record encryption of the sender's personal data. Target: ≥ 20,000 parcels/s batched.
/// Times are per append call: parcels per second = BatchSize / Mean.
/// </summary>
[MemoryDiagnoser]
public class LedgerAppendBenchmarks
{
    private string _directory = string.Empty;
    private SqliteLedgerStore _store = null!;
    private LedgerKeys _keys = null!;
    private ParcelLedger _ledger = null!;
    private long _serial;

    /// <summary>Parcels per append call: 1 = one commit per parcel, 1000 and 4000 = batched (a larger batch dirties fewer index pages per parcel).</summary>
    [Params(1, 1000, 4000)]
    public int BatchSize { get; set; }

    /// <summary>Sync the WAL on every commit (power-loss safe) or only at checkpoints (crash safe).</summary>
    [Params(true, false)]
    public bool FullSync { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("eid-bench-append-").FullName;
        _store = new SqliteLedgerStore(Path.Combine(_directory, "ledger.db"), FullSync);
        var (signing, kek) = LedgerKeys.GenerateRaw();
        _keys = LedgerKeys.Create(signing, kek);
        _ledger = new ParcelLedger(_store, _keys, Options.Create(new PostalOptions { CheckpointInterval = 1000 }), TimeProvider.System);
        _ledger.EnsureInitializedAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<long> Append()
    {
        var batch = new ParcelRecord[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = PostalParcels.Parcel(++_serial);
        }

        var result = await _ledger.TryAppendBatchAsync(batch);
        return result.IsSuccess ? result.Value[^1].Sequence : throw new InvalidOperationException(result.Error.ToString());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _keys.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
