using System.Diagnostics.Metrics;
using EId.Diagnostics;

namespace EId.Issuance;

/// <summary>
/// The issuer's instruments on the meter and activity source <see cref="SourceName"/>:
/// <c>eid.issuance.requests</c> (counter) and <c>eid.issuance.duration</c> (histogram, s) per decided request, tagged
/// <c>eid.outcome</c> (issued, refused, replayed, error), <c>eid.step</c> and <c>eid.reason</c> of a refusal;
/// <c>eid.issuance.step.duration</c> (histogram, s) per step, tagged <c>eid.step</c> and <c>eid.outcome</c> (the step's state);
/// activity <c>eid.issuance</c> around each request. No tag carries an ID number, name, device or request id.
/// </summary>
public sealed class IssuanceTelemetry : EIdTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string SourceName = "EId.Issuance";

    internal const string Issued = "issued";
    internal const string Refused = "refused";
    internal const string Replayed = "replayed";

    private readonly Histogram<double> _steps;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meters">The host's meter factory; null gives this instance its own meter (prefer <see cref="Shared"/>).</param>
    public IssuanceTelemetry(IMeterFactory? meters = null)
        : base(SourceName, meters)
    {
        Issuance = CreateOperation("eid.issuance", "eid.issuance.requests", "{request}", "decided issuance requests");
        _steps = Meter.CreateHistogram<double>("eid.issuance.step.duration", "s", "Duration of one issuance step, by step and state.");
    }

    /// <summary>The instance for issuers built without DI (its own process-wide meter).</summary>
    public static IssuanceTelemetry Shared { get; } = new();

    internal TelemetryOperation Issuance { get; }

    internal void Step(IssuanceStep step, IssuanceStepState state, TimeSpan elapsed)
    {
        if (state != IssuanceStepState.Started)
        {
            _steps.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(EIdTags.Step, step.ToString()), new KeyValuePair<string, object?>(EIdTags.Outcome, state.ToString()));
        }
    }
}
