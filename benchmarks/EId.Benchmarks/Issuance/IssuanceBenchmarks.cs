using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using EId.Issuance;

namespace EId.Benchmarks.Issuance;

/// <summary>
/// One full kiosk issuance per operation, in-process with the demo's DI (SQLite stores, real models loaded and warm,
/// passive liveness on): gateway → registry → document → face match → liveness → credential → registry write-back →
/// risk event. Every operation is a new request id signed with a fresh nonce, so neither the journal nor the replay
/// guard short-cuts it. Run one operation per iteration to get per-issuance percentiles:
/// <c>--filter '*IssuanceBenchmarks*' --inProcess --runOncePerIteration --warmupCount 10 --iterationCount 60</c>.
/// The per-step medians (from the issuer's progress reports) and the process CPU time per issuance (all threads: a
/// figure the other load on a shared machine inflates less than wall time) are printed at the end of the run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class IssuanceBenchmarks
{
    private readonly StepTimes _steps = new();
    private IssuanceScenario _scenario = null!;
    private IIssuer _issuer = null!;
    private TimeSpan _cpuAtStart;
    private int _operations;

    /// <summary>
    /// <c>returning</c>: the citizen's portrait template and credential face are cached from an earlier issuance.
    /// <c>first-visit</c>: both caches off, so every issuance enrols the portrait and makes the thumbnail.
    /// <c>returning+active</c>: as returning, with the shipped policy: each request answers a fresh two-turn challenge with a
    /// real 10-frame performance (shared LFW photos), so the active session, its 3-D check and the passive check all run.
    /// </summary>
    [Params("returning", "first-visit", "returning+active")]
    public string Citizen { get; set; } = "returning";

    [GlobalSetup]
    public void Setup()
    {
        _scenario = IssuanceScenario.CreateAsync(caches: Citizen != "first-visit", active: Citizen.EndsWith("+active", StringComparison.Ordinal)).GetAwaiter().GetResult();
        _issuer = _scenario.Issuer;
        Console.WriteLine($"// issuance scenario: {_scenario.Provenance}");

        // The first issuance pays the one-off costs (ONNX first runs, SQLite schema, key file); it must also succeed.
        var first = _issuer.IssueAsync(_scenario.NewRequest()).AsTask().GetAwaiter().GetResult();
        if (!first.IsIssued)
        {
            throw new InvalidOperationException($"The scenario's request is refused: {first.Refusal}");
        }

        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        Console.WriteLine($"// per-step medians over {_steps.Count} issuances: {_steps.Summary()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// process CPU time per issuance: {cpu.TotalMilliseconds / Math.Max(1, _operations):0.0} ms over {_operations}"));
        _scenario.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One full issuance with a fresh request id and nonce.</summary>
    [Benchmark]
    public async Task<string> FullIssuance()
    {
        Interlocked.Increment(ref _operations);
        var outcome = await _issuer.IssueAsync(_scenario.NewRequest(), _steps);
        return outcome.IsIssued ? outcome.Credential.QrText : throw new InvalidOperationException($"Refused: {outcome.Refusal}");
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max);
    }

    /// <summary>Collects the issuer's per-step times (synchronously: <see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class StepTimes : IProgress<IssuanceProgress>
    {
        private readonly ConcurrentDictionary<IssuanceStep, ConcurrentBag<double>> _times = new();

        public int Count => _times.TryGetValue(IssuanceStep.RiskEvent, out var bag) ? bag.Count : 0;

        public void Report(IssuanceProgress value)
        {
            if (value.State is IssuanceStepState.Passed or IssuanceStepState.Skipped)
            {
                _times.GetOrAdd(value.Step, _ => []).Add(value.Elapsed.TotalMilliseconds);
            }
        }

        public string Summary() => string.Join(
            ", ",
            _times.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {Median(p.Value):0.0} ms")));

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
        }
    }
}
