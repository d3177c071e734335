using System.Diagnostics.Metrics;
using EId.Diagnostics;
using EId.Faces;

namespace EId.Biometrics;

/// <summary>
/// The face pipeline's instruments on the meter and activity source <see cref="SourceName"/>:
/// <c>eid.face.match.decisions</c> (counter) and <c>eid.face.match.duration</c> (histogram, s) per verification of a live
/// capture against a reference, tagged <c>eid.outcome</c> (the <see cref="MatchDecision"/>) and <c>eid.reason</c> (the first
/// <see cref="FaceMatchReason"/>); <c>eid.liveness.decisions</c> and <c>eid.liveness.duration</c> per liveness check, tagged
/// <c>eid.outcome</c> (the <see cref="LivenessDecision"/>), <c>eid.reason</c> (the first <see cref="LivenessReason"/>) and
/// <c>eid.kind</c> (the check's configured name); activities <c>eid.face.match</c> and <c>eid.liveness</c>.
/// No tag carries a score, an image or anything about the person.
/// </summary>
public sealed class BiometricsTelemetry : EIdTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string SourceName = "EId.Biometrics";

    /// <summary>Creates the instruments.</summary>
    /// <param name="meters">The host's meter factory; null gives this instance its own meter (prefer <see cref="Shared"/>).</param>
    public BiometricsTelemetry(IMeterFactory? meters = null)
        : base(SourceName, meters)
    {
        FaceMatch = CreateOperation("eid.face.match", "eid.face.match.decisions", "{decision}", "face verifications of a live capture");
        Liveness = CreateOperation("eid.liveness", "eid.liveness.decisions", "{decision}", "liveness checks");
    }

    /// <summary>The instance for components built without DI (its own process-wide meter).</summary>
    public static BiometricsTelemetry Shared { get; } = new();

    internal TelemetryOperation FaceMatch { get; }

    internal TelemetryOperation Liveness { get; }

    internal FaceMatch Match(Func<FaceMatch> verify)
    {
        using var scope = FaceMatch.Start();
        var match = verify();
        scope.Complete(match.Decision.ToString(), EIdTags.Tag(EIdTags.Reason, match.Reasons.Count > 0 ? match.Reasons[0].ToString() : null));
        return match;
    }

    internal async ValueTask<LivenessResult> LivenessAsync(string check, Func<ValueTask<LivenessResult>> run)
    {
        using var scope = Liveness.Start();
        var result = await run().ConfigureAwait(false);
        scope.Complete(result.Decision.ToString(), EIdTags.Tag(EIdTags.Reason, result.Reasons.Count > 0 ? result.Reasons[0].ToString() : null), EIdTags.Tag(EIdTags.Kind, check));
        return result;
    }
}
