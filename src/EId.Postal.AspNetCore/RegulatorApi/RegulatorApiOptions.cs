namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>
/// The regulator API and console: where they are mapped, how officers' JWT bearer tokens are validated, and the
/// per-officer rate limit. Tokens come from any OpenID Connect provider (set <see cref="Authority"/>: its discovery document
/// gives the signing keys) or are checked against fixed public keys (<see cref="SigningKeyFiles"/>); the demo signs its own
/// with a local key (<see cref="DevelopmentTokenFolder"/>).
/// </summary>
public sealed class RegulatorApiOptions
{
    /// <summary>The configuration section the example server binds (<c>EId:Regulator</c>).</summary>
    public const string Section = "EId:Regulator";

    /// <summary>Path under which the API (<c>{prefix}/v1/…</c>) and the console (<c>{prefix}/</c>) are mapped.</summary>
    public string PathPrefix { get; set; } = "/regulator";

    /// <summary>
    /// The OpenID Connect provider's issuer URL; its <c>/.well-known/openid-configuration</c> supplies the signing keys
    /// (rotated keys are picked up). Null to trust <see cref="SigningKeyFiles"/> / the development key only.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>An explicit discovery document address, when it is not under <see cref="Authority"/>.</summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Require HTTPS for the discovery document (leave on outside a loopback test).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The token issuer (<c>iss</c>) accepted.</summary>
    public string Issuer { get; set; } = "eid-regulator-dev";

    /// <summary>The audience (<c>aud</c>) a token must name.</summary>
    public string Audience { get; set; } = "eid-regulator-api";

    /// <summary>PEM files of trusted public signing keys (EC P-256/P-384 or RSA), besides any from <see cref="Authority"/>.</summary>
    public IList<string> SigningKeyFiles { get; } = [];

    /// <summary>
    /// Development only: a folder where a local ECDSA P-256 signing key is created (and trusted) and demo officers'
    /// tokens are written at start. Null in production.
    /// </summary>
    public string? DevelopmentTokenFolder { get; set; }

    /// <summary>How long the demo tokens written to <see cref="DevelopmentTokenFolder"/> are valid.</summary>
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The claim holding the officer's identifier (written to the audit log).</summary>
    public string OfficerClaim { get; set; } = "sub";

    /// <summary>The claim holding the officer's roles (<c>trace</c>, <c>sender-search</c>, <c>region-search</c>, <c>read-personal-data</c>, <c>audit</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Tolerated clock difference with the token issuer.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests one officer may make per <see cref="RateLimitWindow"/>.</summary>
    public int RateLimitPermits { get; set; } = 120;

    /// <summary>The rate limit's fixed window.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Serve the web console at <see cref="PathPrefix"/>.</summary>
    public bool Console { get; set; } = true;
}
