using BenchmarkDotNet.Attributes;
using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EId.Benchmarks.Postal;

/// <summary>
/// Regulator query latency on a SQLite ledger of 1,000,000 parcels (target: trace ≤ 5 ms).
/// The ledger file is built once and cached in the temp folder; set <c>EID_BENCH_LEDGER_RECORDS</c>
/// to a smaller number for a quick dry run. A file cached by an earlier version (SQLite schema 1) is
/// migrated in place on the first run (about 16 s for 1M records on the 2-core machine).
/// </summary>
[MemoryDiagnoser]
public class LedgerQueryBenchmarks
{
    private SqliteLedgerStore _store = null!;
    private LedgerKeys _keys = null!;
    private ParcelLedger _ledger = null!;
    private long _records;
    private long _probe;

    [GlobalSetup]
    public void Setup()
    {
        _records = long.TryParse(Environment.GetEnvironmentVariable("EID_BENCH_LEDGER_RECORDS"), out var n) && n > 0 ? n : 1_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"eid-bench-ledger-{_records}.db");

        // Fixed keys so a cached file stays readable across runs (benchmark only).
        _keys = LedgerKeys.Create(Enumerable.Repeat((byte)7, 32).ToArray(), Enumerable.Repeat((byte)9, 32).ToArray());
        _store = new SqliteLedgerStore(path, fullSync: false);
        _ledger = new ParcelLedger(_store, _keys, Options.Create(new PostalOptions { CheckpointInterval = 1000 }), TimeProvider.System);
        _ledger.EnsureInitializedAsync().AsTask().GetAwaiter().GetResult();
        var have = _store.GetHeadAsync().AsTask().GetAwaiter().GetResult().LastSequence;
        for (var next = have + 1; next <= _records; next += 5000)
        {
            var batch = new List<ParcelRecord>(5000);
            for (var s = next; s < next + 5000 && s <= _records; s++)
            {
                batch.Add(PostalParcels.Parcel(s, "QB"));
            }

            var result = _ledger.TryAppendBatchAsync(batch).AsTask().GetAwaiter().GetResult();
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Error.ToString());
            }
        }
    }

    /// <summary>Trace one parcel by waybill, decrypting its personal data.</summary>
    [Benchmark]
    public async Task<ParcelRecord?> TraceByWaybill()
    {
        _probe = (_probe * 7919 + 104_729) % _records;
        return await _ledger.FindAsync(EId.Postal.Waybills.WaybillNumber.Create("QB", _probe + 1).Value);
    }

    /// <summary>All parcels of one sender over 30 days (masked fields only).</summary>
    [Benchmark]
    public async Task<int> SenderParcelsIn30Days()
    {
        _probe = (_probe * 7919 + 104_729) % 10_000;
        var records = await _ledger.QueryAsync(
            new LedgerQuery { From = PostalParcels.Start, To = PostalParcels.Start.AddDays(30), SenderToken = PostalParcels.TokenOf(_probe) },
            withPii: false);
        return records.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _keys.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
