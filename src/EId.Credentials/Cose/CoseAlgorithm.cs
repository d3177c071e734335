namespace EId.Credentials.Cose;

/// <summary>COSE algorithm identifiers (IANA COSE Algorithms registry) this package knows.</summary>
public enum CoseAlgorithm
{
    /// <summary>Not set or not supported.</summary>
    None = 0,

    /// <summary>EdDSA (-8), used here with Ed25519; the value Claim 169 issuers write.</summary>
    EdDsa = -8,

    /// <summary>Ed25519 (-19), the fully specified identifier; accepted on decode.</summary>
    Ed25519 = -19,

    /// <summary>ECDSA with P-256 and SHA-256 (-7); verify only (for other issuers' credentials).</summary>
    Es256 = -7,

    /// <summary>AES-GCM with a 128-bit key (1).</summary>
    A128Gcm = 1,

    /// <summary>AES-GCM with a 192-bit key (2).</summary>
    A192Gcm = 2,

    /// <summary>AES-GCM with a 256-bit key (3).</summary>
    A256Gcm = 3,
}
