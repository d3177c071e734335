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

/// <summary>One running <see cref="TelemetryOperation"/>. <see cref="Complete"/> records it; disposing it uncompleted records an error.</summary>
public sealed class TelemetryScope : IDisposable
{
    private readonly TelemetryOperation _operation;
    private readonly long _started;
    private bool _done;

    internal TelemetryScope(TelemetryOperation operation, Activity? activity, long started)
    {
        _operation = operation;
        Activity = activity;
        _started = started;
    }

    /// <summary>The operation's activity; null when nobody listens.</summary>
    public Activity? Activity { get; }

    /// <summary>Records the operation with <paramref name="outcome"/> and the optional low-cardinality tags.</summary>
    /// <param name="outcome">The outcome (<see cref="EIdTags.Outcome"/>), e.g. <c>issued</c>.</param>
    /// <param name="tags">Further tags, e.g. <see cref="EIdTags.Reason"/>; null values are left out. Never personal data.</param>
    public void Complete(string outcome, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_done)
        {
            return;
        }

        _done = true;
        var list = new TagList { { EIdTags.Outcome, outcome } };
        foreach (var tag in tags)
        {
            if (tag.Value is not null)
            {
                list.Add(tag);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        _operation.Count.Add(1, list);
        _operation.Duration.Record(elapsed, list);
        if (Activity is { } activity)
        {
            foreach (var tag in list)
            {
                activity.SetTag(tag.Key, tag.Value);
            }

            if (list.Any(t => t.Key == EIdTags.ErrorType))
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.Dispose();
        }
    }

    /// <summary>Records the operation as failed by <paramref name="exception"/> (outcome <c>error</c>, <c>error.type</c> its type).</summary>
    /// <param name="exception">The exception.</param>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Complete(EIdTags.Error, EIdTags.Tag(EIdTags.ErrorType, exception is OperationCanceledException ? "cancelled" : exception.GetType().FullName));
    }

    /// <inheritdoc />
    public void Dispose() => Complete(EIdTags.Error, EIdTags.Tag(EIdTags.ErrorType, "_OTHER"));
}

/// <summary>The tag names every EId instrument uses. Values are low-cardinality codes, never identifiers or names.</summary>
public static class EIdTags
{
    /// <summary>The operation's outcome, e.g. <c>issued</c>, <c>refused</c>, <c>allow</c>, <c>match</c>.</summary>
    public const string Outcome = "eid.outcome";

    /// <summary>A typed reason code (e.g. a risk reason code or an error enum value).</summary>
    public const string Reason = "eid.reason";

    /// <summary>A step of a flow (e.g. the issuance step).</summary>
    public const string Step = "eid.step";

    /// <summary>Which check or store (a configured name, e.g. <c>fr_liveness</c>, <c>sqlite</c>).</summary>
    public const string Kind = "eid.kind";

    /// <summary>The OpenTelemetry <c>error.type</c> attribute: the exception type of a failed operation.</summary>
    public const string ErrorType = "error.type";

    /// <summary>The outcome of an operation that threw.</summary>
    public const string Error = "error";

    /// <summary>A tag (for <see cref="TelemetryScope.Complete"/>).</summary>
    /// <param name="key">The tag name.</param>
    /// <param name="value">The value (null leaves the tag out).</param>
    /// <returns>The tag.</returns>
    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
