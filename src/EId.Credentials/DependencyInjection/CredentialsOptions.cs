using EId.Credentials.Issuing;
using EId.Credentials.Verification;
using EId.Storage;

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
    /// Where status indices (serial → index, revocations) persist: SQLite (<c>eid-credential-status.db</c>) or PostgreSQL
    /// (schema <c>eid_credentials</c>; several issuer instances share one sequence). The default, in memory, means no
    /// persistent store: fine while the issuer writes no status claim; with <c>Issuer.StatusListUri</c> set the issuer refuses
    /// to be created unless an <see cref="IStatusIndexAllocator"/> is registered. Set with
    /// <c>AddEIdCredentials().UseSqlite/UsePostgres</c> or configuration <c>EId:Credentials:StatusStore:Backend</c>.
    /// </summary>
    public StorageOptions StatusStore { get; } = new() { Backend = StorageBackend.InMemory, SqlitePath = "eid-credential-status.db", PostgresSchema = "eid_credentials" };
}
