using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EId.Diagnostics;

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
