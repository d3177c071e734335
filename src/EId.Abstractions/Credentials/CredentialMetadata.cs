namespace EId.Credentials;

/// <summary>The CWT envelope of a credential: who issued it, when, for how long, and under which key.</summary>
public sealed record CredentialMetadata
{
    /// <summary>Issuer URI (CWT iss).</summary>
    public string? Issuer { get; init; }

    /// <summary>Subject (CWT sub), if set.</summary>
    public string? SubjectId { get; init; }

    /// <summary>Serial number (CWT cti), hex.</summary>
    public string? Serial { get; init; }

    /// <summary>Issued at (CWT iat).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Not before (CWT nbf).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Expires (CWT exp).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Key identifier of the signing key (COSE kid), hex.</summary>
    public string? KeyId { get; init; }

    /// <summary>The issuing device, when the profile records it.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Index in the status list, when revocable.</summary>
    public long? StatusIndex { get; init; }
}
