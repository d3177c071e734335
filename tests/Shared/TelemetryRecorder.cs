using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EId.Testing;

/// <summary>
/// Records what one test's code emits: the measurements of meters created by this recorder's <see cref="IMeterFactory"/>
/// (give it to the code under test, or register it in DI) and the activities of one source that belong to this recorder's
/// trace (started under <see cref="Root"/>). Other tests running at the same time do not leak in.
/// </summary>
internal sealed class TelemetryRecorder : IMeterFactory
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentBag<Meter> _created = [];
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity _root;

    public TelemetryRecorder(string sourceName)
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => _measurements.Enqueue(new(i, v, tags.ToArray())));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => _measurements.Enqueue(new(i, v, tags.ToArray())));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == _root!.TraceId)
                {
                    _stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
    }

    /// <summary>The test's root activity (current on the creating thread and the code it awaits).</summary>
    public Activity Root => _root;

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    public IReadOnlyList<Activity> Activities => [.. _stopped];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _created.Add(meter);
        return meter;
    }

    /// <summary>The measurements of instrument <paramref name="name"/>.</summary>
    public IReadOnlyList<Measurement> Of(string name) => [.. _measurements.Where(m => m.Instrument.Name == name)];

    /// <summary>Asserts that no tag value of any measurement or activity contains <paramref name="secret"/>.</summary>
    public void AssertNoTagContains(string secret)
    {
        foreach (var m in _measurements)
        {
            foreach (var tag in m.Tags)
            {
                Assert.DoesNotContain(secret, tag.Value?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        foreach (var a in _stopped)
        {
            foreach (var tag in a.TagObjects)
            {
                Assert.DoesNotContain(secret, tag.Value?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain(secret, a.DisplayName, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Dispose()
    {
        _root.Stop();
        _meters.Dispose();
        _activities.Dispose();
        foreach (var meter in _created)
        {
            meter.Dispose();
        }
    }

    internal sealed record Measurement(Instrument Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key).Value;
    }
}
