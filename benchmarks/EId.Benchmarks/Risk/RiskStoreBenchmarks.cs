using BenchmarkDotNet.Attributes;
using EId.Risk;
using EId.Risk.Store;

namespace EId.Benchmarks.Risk;

/// <summary>
/// Risk-store append throughput in SQLite (WAL): batches of <see cref="BatchSize"/> events in one
/// transaction (target ≥ 20k events/s) and, for comparison, one transaction per event.
/// Results are per event (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class RiskStoreBenchmarks
{
    private const int BatchSize = 1000;
    private const int SingleCount = 100;

    private string _directory = string.Empty;
    private SqliteRiskStore _store = null!;
    private DateTimeOffset _at = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("eid-bench-store-").FullName;
        _store = new SqliteRiskStore(Path.Combine(_directory, "risk.db"));
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void SqliteAppendBatch() => _store.AppendBatchAsync(Events(BatchSize)).AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = SingleCount)]
    public void SqliteAppendOneByOne()
    {
        foreach (var riskEvent in Events(SingleCount))
        {
            _store.AppendAsync(riskEvent).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private RiskEvent[] Events(int count)
    {
        var events = new RiskEvent[count];
        for (var i = 0; i < count; i++)
        {
            _at = _at.AddMilliseconds(1);
            events[i] = new RiskEvent
            {
                Id = Guid.CreateVersion7(_at),
                At = _at,
                Action = "issue-eid",
                Decision = RiskDecision.Deny,
                Reasons = [new RiskReason(RiskReasonCode.VelocityExceeded, "more than 10 requests per device in 00:01:00", "velocity")],
                DeviceId = "kiosk-001",
                SiteId = "site-bj-01",
                SubjectKey = "Vb3v0cQk1l4o3y0H6m1cXo1n7oY0s5lJ1o2b3c4d5e6",
                SubjectMasked = "1101**********4518",
                RequestId = "req-0001",
            };
        }

        return events;
    }
}
