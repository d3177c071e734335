namespace EId.Credentials.Claims;

/// <summary>
/// A CWT claims set (RFC 8392) carrying a Claim 169 identity, plus EId's profile claims:
/// the issuing device (private claim <see cref="DeviceIdKey"/>) and the status-list reference
/// (claim 65535 <c>status</c> → <c>status_list</c> {<c>idx</c>, <c>uri</c>}, IETF Token Status List).
/// </summary>
public sealed record CwtClaims
{
    /// <summary>CWT claim key of the issuing device id (private use range).</summary>
    public const long DeviceIdKey = -65537;

    /// <summary>CWT claim key of the status claim (IETF Token Status List).</summary>
    public const long StatusKey = 65535;

    /// <summary>CWT claim key of Claim 169.</summary>
    public const long IdentityKey = 169;

    /// <summary>Issuer (1), a URI in EId's profile.</summary>
    public string? Issuer { get; init; }

    /// <summary>Subject (2).</summary>
    public string? Subject { get; init; }

    /// <summary>Expiration time (4), seconds since the epoch.</summary>
    public long? ExpiresAt { get; init; }

    /// <summary>Not before (5), seconds since the epoch.</summary>
    public long? NotBefore { get; init; }

    /// <summary>Issued at (6), seconds since the epoch.</summary>
    public long? IssuedAt { get; init; }

    /// <summary>CWT ID (7): the credential's serial.</summary>
    public ReadOnlyMemory<byte>? Cti { get; init; }

    /// <summary>The Claim 169 identity (169), when present.</summary>
    public IdentityClaims? Identity { get; init; }

    /// <summary>The issuing device id (private claim).</summary>
    public string? DeviceId { get; init; }

    /// <summary>Index in the issuer's status list.</summary>
    public long? StatusIndex { get; init; }

    /// <summary>Identifier (URI) of the status list the index refers to.</summary>
    public string? StatusListUri { get; init; }

    /// <summary>Summary without personal data.</summary>
    public override string ToString() =>
        $"CwtClaims(iss={Issuer}, iat={IssuedAt}, exp={ExpiresAt}, cti={(Cti is { } c ? Convert.ToHexStringLower(c.Span) : "-")}, identity={Identity is not null})";
}
