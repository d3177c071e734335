using System.Diagnostics.Metrics;
using EId.Diagnostics;

namespace EId.Credentials;

/// <summary>
/// The credential instruments on the meter and activity source <see cref="SourceName"/>:
/// <c>eid.credential.verifications</c> (counter) and <c>eid.credential.verify.duration</c> (histogram, s) per verified QR,
/// tagged <c>eid.outcome</c> (valid, invalid, error) and <c>eid.reason</c> (the <see cref="CredentialError"/>);
/// <c>eid.credential.issuances</c> and <c>eid.credential.issue.duration</c> per signed credential (outcome issued or error);
/// activities <c>eid.credential.verify</c> and <c>eid.credential.issue</c>. No tag carries an ID number, name, serial or key id.
/// </summary>
public sealed class CredentialsTelemetry : EIdTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string SourceName = "EId.Credentials";

    /// <summary>Creates the instruments.</summary>
    /// <param name="meters">The host's meter factory; null gives this instance its own meter (prefer <see cref="Shared"/>).</param>
    public CredentialsTelemetry(IMeterFactory? meters = null)
        : base(SourceName, meters)
    {
        Verify = CreateOperation("eid.credential.verify", "eid.credential.verifications", "{credential}", "credential verifications");
        Issue = CreateOperation("eid.credential.issue", "eid.credential.issuances", "{credential}", "signed credentials");
    }

    /// <summary>The instance for issuers and verifiers built without DI (its own process-wide meter).</summary>
    public static CredentialsTelemetry Shared { get; } = new();

    internal TelemetryOperation Verify { get; }

    internal TelemetryOperation Issue { get; }
}
