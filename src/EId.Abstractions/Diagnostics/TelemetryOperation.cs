using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EId.Diagnostics;

/// <summary>
/// A counted and timed operation of a package (see <see cref="EIdTelemetry"/>): every completed operation adds one to
/// <see cref="Count"/>, records its duration in seconds in <see cref="Duration"/> and ends its activity, all with the same tags.
/// </summary>
public sealed class TelemetryOperation
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly ActivitySource _source;

    internal TelemetryOperation(ActivitySource source, Meter meter, string name, string counterName, string counterUnit, string description)
    {
        _source = source;
        Name = name;
        Count = meter.CreateCounter<long>(counterName, counterUnit, $"Number of {description}, by outcome.");
        Duration = meter.CreateHistogram(
            name + ".duration",
            "s",
            $"Duration of {description}.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>The activity name.</summary>
    public string Name { get; }

    /// <summary>The outcome counter.</summary>
    public Counter<long> Count { get; }

    /// <summary>The duration histogram (seconds).</summary>
    public Histogram<double> Duration { get; }

    /// <summary>Starts one operation (and its activity, when someone listens).</summary>
    /// <returns>The running operation; complete it, or dispose it to record an error.</returns>
    public TelemetryScope Start() => new(this, _source.StartActivity(Name), Stopwatch.GetTimestamp());
}
