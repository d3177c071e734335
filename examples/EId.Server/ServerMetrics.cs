using System.Diagnostics.Metrics;

namespace EId.Server;

/// <summary>
/// The server's instruments on <see cref="System.Diagnostics.Metrics"/> (meter <see cref="MeterName"/>): any collector
/// listening to the meter reads them — OpenTelemetry when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, or
/// <c>dotnet-counters monitor --counters EId.Server</c>. Tags carry outcomes and reason codes, never personal data.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "EId.Server";

    private readonly Counter<long> _issuances;
    private readonly Histogram<double> _issuanceDuration;
    private readonly Counter<long> _parcels;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    /// <param name="meters">The meter factory.</param>
    public ServerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _issuances = meter.CreateCounter<long>("eid.issuance.requests", description: "Issuance requests by outcome (issued, refused, retryable, malformed).");
        _issuanceDuration = meter.CreateHistogram<double>("eid.issuance.duration", unit: "ms", description: "Time to decide one issuance request.");
        _parcels = meter.CreateCounter<long>("eid.postal.intake", description: "Parcel intake requests by status.");
    }

    /// <summary>Records one issuance request.</summary>
    /// <param name="statusCode">The HTTP status answered.</param>
    /// <param name="elapsed">How long it took.</param>
    public void Issuance(int statusCode, TimeSpan elapsed)
    {
        var outcome = statusCode switch
        {
            200 => "issued",
            422 => "refused",
            503 => "retryable",
            _ => "malformed",
        };
        _issuances.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _issuanceDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>Records one parcel intake request.</summary>
    /// <param name="status">The intake status (or an authentication failure).</param>
    public void Parcel(string status) => _parcels.Add(1, new KeyValuePair<string, object?>("status", status));
}
