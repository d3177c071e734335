using System.Diagnostics.Metrics;
using EId.Diagnostics;

namespace EId.Risk;

/// <summary>
/// The security gateway's instruments on the meter and activity source <see cref="SourceName"/>:
/// <c>eid.gateway.decisions</c> (counter) and <c>eid.gateway.duration</c> (histogram, s) per checked request, tagged
/// <c>eid.outcome</c> (the decision: Allow, Review, Deny; or error) and <c>eid.reason</c> (the first reason code);
/// activity <c>eid.gateway</c> around each check. No tag carries an ID number, device id or request id.
/// </summary>
public sealed class RiskTelemetry : EIdTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string SourceName = "EId.Risk";

    /// <summary>Creates the instruments.</summary>
    /// <param name="meters">The host's meter factory; null gives this instance its own meter (prefer <see cref="Shared"/>).</param>
    public RiskTelemetry(IMeterFactory? meters = null)
        : base(SourceName, meters)
    {
        Gateway = CreateOperation("eid.gateway", "eid.gateway.decisions", "{request}", "security gateway decisions");
    }

    /// <summary>The instance for gateways built without DI (its own process-wide meter).</summary>
    public static RiskTelemetry Shared { get; } = new();

    internal TelemetryOperation Gateway { get; }
}
