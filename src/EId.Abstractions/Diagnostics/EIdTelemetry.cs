using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EId.Diagnostics;

/// <summary>
/// One package's telemetry: a <see cref="System.Diagnostics.Metrics.Meter"/> and an <see cref="System.Diagnostics.ActivitySource"/>,
/// both named after the package (e.g. <c>EId.Issuance</c>). The meter comes from the host's <see cref="IMeterFactory"/> when
/// there is one (DI); the <c>Shared</c> instance of each package, for code built without DI, owns a process-wide meter.
/// Each package derives one class from this and creates its instruments with <see cref="CreateOperation"/>.
/// </summary>
/// <remarks>
/// Instruments follow the OpenTelemetry semantic conventions: durations are histograms in seconds (<c>….duration</c>, unit
/// <c>s</c>), outcomes are counters; tags are low-cardinality (<see cref="EIdTags"/>) and never carry personal data.
/// </remarks>
public abstract class EIdTelemetry
{
    private static readonly ConcurrentDictionary<string, ActivitySource> Sources = new(StringComparer.Ordinal);

    /// <summary>Creates the package's meter and finds its activity source.</summary>
    /// <param name="name">The meter and activity source name: the package name.</param>
    /// <param name="meters">The host's meter factory; null creates a meter owned by this instance (only for a package's shared instance).</param>
    protected EIdTelemetry(string name, IMeterFactory? meters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        var version = GetType().Assembly.GetName().Version?.ToString();
        Meter = meters is null ? new Meter(name, version) : meters.Create(new MeterOptions(name) { Version = version });
        ActivitySource = Sources.GetOrAdd(name, static (n, v) => new ActivitySource(n, v), version);
    }

    /// <summary>The meter and activity source name.</summary>
    public string Name { get; }

    /// <summary>The package's meter.</summary>
    public Meter Meter { get; }

    /// <summary>The package's activity source.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>The telemetry a DI container should use: built on its <see cref="IMeterFactory"/>, else <paramref name="shared"/>.</summary>
    /// <typeparam name="T">The package's telemetry class.</typeparam>
    /// <param name="services">The service provider.</param>
    /// <param name="create">Creates the telemetry on a meter factory.</param>
    /// <param name="shared">The package's shared instance.</param>
    /// <returns>The telemetry.</returns>
    public static T Resolve<T>(IServiceProvider services, Func<IMeterFactory, T> create, T shared)
        where T : EIdTelemetry
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        return services.GetService(typeof(IMeterFactory)) is IMeterFactory meters ? create(meters) : shared;
    }

    /// <summary>
    /// Creates a counted, timed operation: the counter <paramref name="counterName"/>, the histogram <c>{name}.duration</c> (seconds)
    /// and activities named <paramref name="name"/>.
    /// </summary>
    /// <param name="name">The operation, e.g. <c>eid.registry.lookup</c>.</param>
    /// <param name="counterName">The outcome counter, e.g. <c>eid.registry.lookups</c>.</param>
    /// <param name="counterUnit">The counter's unit in UCUM annotation form, e.g. <c>{lookup}</c>.</param>
    /// <param name="description">What one operation is, e.g. "identity registry lookups".</param>
    /// <returns>The operation.</returns>
    protected TelemetryOperation CreateOperation(string name, string counterName, string counterUnit, string description) =>
        new(ActivitySource, Meter, name, counterName, counterUnit, description);
}
