using System.Globalization;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>
/// Configures the officers' JWT bearer scheme from <see cref="RegulatorApiOptions"/>: issuer, audience, lifetime, signing keys
/// (the provider's discovery document and/or fixed keys), officer and role claims; answers 401/403 as RFC 7807 problems, and
/// writes a refused role check to the regulator audit log.
/// </summary>
internal sealed class RegulatorJwtBearerSetup(IOptions<RegulatorApiOptions> options, RegulatorSigningKeys keys, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions jwt)
    {
        if (name != RegulatorApiNames.Scheme)
        {
            return;
        }

        var o = options.Value;
        if (o.Authority is not null)
        {
            jwt.Authority = o.Authority.AbsoluteUri;
        }

        if (o.MetadataAddress is not null)
        {
            jwt.MetadataAddress = o.MetadataAddress.AbsoluteUri;
        }

        jwt.RequireHttpsMetadata = o.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TimeProvider = time;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = string.IsNullOrWhiteSpace(o.Issuer) ? null : o.Issuer,
            ValidAudience = o.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys.Keys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
            ClockSkew = o.ClockSkew,
            NameClaimType = o.OfficerClaim,
            RoleClaimType = o.RoleClaim,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnChallenge = ChallengeAsync,
            OnForbidden = ForbiddenAsync,
        };
    }

    private static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (code, detail) = context.AuthenticateFailure switch
        {
            null => ("token-missing", "A bearer token is required: sign in with an officer's token."),
            SecurityTokenExpiredException => ("token-expired", "The token has expired: sign in again."),
            SecurityTokenNotYetValidException => ("token-not-yet-valid", "The token is not valid yet."),
            SecurityTokenInvalidAudienceException => ("wrong-audience", "The token was issued for another audience, not this API."),
            SecurityTokenInvalidIssuerException => ("wrong-issuer", "The token comes from an issuer this API does not trust."),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => ("bad-signature", "The token's signature does not verify under a trusted key."),
            _ => ("invalid-token", "The token is malformed or invalid."),
        };
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : string.Create(CultureInfo.InvariantCulture, $"Bearer error=\"invalid_token\", error_description=\"{code}\"");
        return RegulatorProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, "Not signed in", detail);
    }

    private static async Task ForbiddenAsync(ForbiddenContext context)
    {
        var http = context.HttpContext;
        var officer = RegulatorClaims.Officer(http.User);
        if (officer is not null && http.GetEndpoint()?.Metadata.GetMetadata<RegulatorAuditName>() is { } query)
        {
            // Every query is audited, allowed or not: a refusal by the role policy never reaches RegulatorQueries.
            // The audit log lives in the first ledger of the set (the partitioned ledger's stream 0).
            var ledger = http.RequestServices.GetRequiredService<IParcelLedgerSet>().Streams[0];
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            await ledger.EnsureInitializedAsync(http.RequestAborted).ConfigureAwait(false);
            var id = officer.OfficerId.Length > 64 ? officer.OfficerId[..64] : officer.OfficerId;
            await ledger.Store.AppendAuditAsync(new RegulatorAuditRecord(now, id, officer.Roles.ToString(), query.Query, "refused by role policy", false, 0), http.RequestAborted).ConfigureAwait(false);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("EId.Postal.AspNetCore.RegulatorApi")
                .LogWarning("Regulator query {Query} refused by role policy (roles {Roles}).", query.Query, officer.Roles);
        }

        await RegulatorProblems.WriteAsync(http, StatusCodes.Status403Forbidden, "forbidden", "Role missing", "The officer's token lacks the role this query needs.").ConfigureAwait(false);
    }
}

/// <summary>The fixed validation keys (configured PEM files and the development key), loaded once.</summary>
internal sealed class RegulatorSigningKeys : IDisposable
{
    public RegulatorSigningKeys(IOptions<RegulatorApiOptions> options)
    {
        var o = options.Value;
        var keys = new List<AsymmetricSecurityKey>();
        keys.AddRange(o.SigningKeyFiles.Select(Tokens.RegulatorDevelopmentTokens.ReadPublicKey));
        if (!string.IsNullOrWhiteSpace(o.DevelopmentTokenFolder))
        {
            Development = Tokens.RegulatorDevelopmentTokens.LoadOrCreateKey(o.DevelopmentTokenFolder);
            keys.Add(Development);
        }

        Keys = keys;
    }

    public IReadOnlyList<AsymmetricSecurityKey> Keys { get; }

    /// <summary>The development signing key, when a development folder is configured.</summary>
    public ECDsaSecurityKey? Development { get; }

    public void Dispose()
    {
        foreach (var key in Keys)
        {
            (key as ECDsaSecurityKey)?.ECDsa.Dispose();
            (key as RsaSecurityKey)?.Rsa?.Dispose();
        }
    }
}
