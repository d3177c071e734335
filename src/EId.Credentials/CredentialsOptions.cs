using EId.Credentials.Issuing;
using EId.Credentials.Verification;

namespace EId.Credentials;

/// <summary>Options for <c>services.AddEIdCredentials(...)</c>.</summary>
public sealed class CredentialsOptions
{
    /// <summary>Issuer settings (iss URI, status list, face thumbnail budget…).</summary>
    public CredentialIssuerOptions Issuer { get; } = new();

    /// <summary>Verifier settings (clock skew, limits, status checks…).</summary>
    public CredentialVerifierOptions Verifier { get; } = new();

    /// <summary>PKCS#8 file of the issuer's Ed25519 key, for the default key store.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>JSON trust list file, used when no <c>TrustList</c> is registered.</summary>
    public string? TrustListPath { get; set; }
}
