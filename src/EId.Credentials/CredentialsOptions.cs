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

    /// <summary>
    /// Where status indices (serial → index, revocations) persist: an SQLite file path or connection string, or a
    /// PostgreSQL connection string with <see cref="StatusStorage"/>. Required when <c>Issuer.StatusListUri</c> is set,
    /// unless an <see cref="IStatusIndexAllocator"/> is registered.
    /// </summary>
    public string? StatusStore { get; set; }

    /// <summary>The database behind <see cref="StatusStore"/> (SQLite by default).</summary>
    public StatusStorage StatusStorage { get; set; } = StatusStorage.Sqlite;

    /// <summary>The PostgreSQL schema for status indices.</summary>
    public string StatusSchema { get; set; } = "eid_credentials";
}
