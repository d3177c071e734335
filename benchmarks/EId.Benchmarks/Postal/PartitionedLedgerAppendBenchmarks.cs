using BenchmarkDotNet.Attributes;
using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using Microsoft.Extensions.Options;

namespace EId.Benchmarks.Postal;

/// <summary>
/// Append throughput of the partitioned national ledger on PostgreSQL against the number of partition streams, with
/// <see cref="Writers"/> concurrent writers, each appending batches of <see cref="BatchSize"/> parcels to one stream (writer w
/// feeds stream w mod Streams, as intake nodes grouping by stream would). With one stream every writer waits for the same head
/// row; with more, writers on different streams commit in parallel. Parcels per second = Writers × BatchSize / Mean.
/// Needs a PostgreSQL server: set <c>EID_TEST_POSTGRES</c> to its connection string (<c>bash eng/postgres.sh</c> starts one on
/// loopback and prints it); each run uses a throwaway schema and drops it. A short run:
/// <c>--filter '*PartitionedLedgerAppend*' --inProcess --warmupCount 2 --iterationCount 6 --invocationCount 3 --unrollFactor 1</c>.
/// </summary>
[MemoryDiagnoser]
public class PartitionedLedgerAppendBenchmarks
{
    private PartitionedPostgresLedgerStore _store = null!;
    private LedgerKeys _keys = null!;
    private PartitionedParcelLedger _ledger = null!;
    private long _serial;

    /// <summary>Partition streams.</summary>
    [Params(1, 2, 4, 8)]
    public int Streams { get; set; }

    /// <summary>Concurrent writers.</summary>
    [Params(8)]
    public int Writers { get; set; }

    /// <summary>Parcels per append transaction.</summary>
    [Params(250)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException("Set EID_TEST_POSTGRES to a PostgreSQL connection string (bash eng/postgres.sh starts one and prints it).");
        }

        _store = new PartitionedPostgresLedgerStore(connectionString, Streams, $"eid_bench_{Guid.NewGuid():N}"[..30]);
        var (signing, kek) = LedgerKeys.GenerateRaw();
        _keys = LedgerKeys.Create(signing, kek);
        _ledger = new PartitionedParcelLedger(_store, _keys, Options.Create(new PostalOptions { CheckpointInterval = 1000, CheckpointPeriod = Timeout.InfiniteTimeSpan, LedgerId = "eid-bench" }), TimeProvider.System);
        _ledger.EnsureInitializedAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<long> AppendConcurrently()
    {
        var batches = new ParcelRecord[Writers][];
        for (var w = 0; w < Writers; w++)
        {
            batches[w] = ParcelsFor(w % Streams);
        }

        var appended = await Task.WhenAll(batches.Select((batch, w) => Task.Run(async () =>
        {
            var result = await _ledger.Stream(w % Streams).TryAppendBatchAsync(batch);
            return result.IsSuccess ? result.Value[^1].Sequence : throw new InvalidOperationException(result.Error.ToString());
        })));
        return appended.Max();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DropSchemaAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _keys.Dispose();
    }

    // Parcels whose waybills route to the stream (about one in Streams serials does; the SHA-256 per candidate is ~1 µs).
    private ParcelRecord[] ParcelsFor(int stream)
    {
        var batch = new ParcelRecord[BatchSize];
        for (var i = 0; i < batch.Length;)
        {
            var parcel = PostalParcels.Parcel(++_serial, "NL");
            if (_ledger.Router.StreamOf(parcel.WaybillNumber) == stream)
            {
                batch[i++] = parcel;
            }
        }

        return batch;
    }
}
