using Microsoft.Extensions.Options;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>Checks <see cref="RegulatorApiOptions"/> at start-up.</summary>
public sealed class RegulatorApiOptionsValidator : IValidateOptions<RegulatorApiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RegulatorApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PathPrefix) || !options.PathPrefix.StartsWith('/') || options.PathPrefix.EndsWith('/'))
        {
            problems.Add("PathPrefix must start with '/' and not end with one (e.g. /regulator).");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) && options.Authority is null)
        {
            problems.Add("Issuer is required (or an Authority whose discovery document names it).");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            problems.Add("Audience is required: a token for another API must not open this one.");
        }

        if (options.Authority is null && options.MetadataAddress is null && options.SigningKeyFiles.Count == 0 && string.IsNullOrWhiteSpace(options.DevelopmentTokenFolder))
        {
            problems.Add("No signing keys: set Authority (OpenID Connect provider), MetadataAddress or SigningKeyFiles.");
        }

        problems.AddRange(options.SigningKeyFiles.Where(f => !File.Exists(f)).Select(f => $"Signing key file {Path.GetFileName(f)} does not exist."));
        if (string.IsNullOrWhiteSpace(options.OfficerClaim) || string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            problems.Add("OfficerClaim and RoleClaim are required.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            problems.Add("ClockSkew must be between 0 and 10 minutes.");
        }

        if (options.RateLimitPermits < 1 || options.RateLimitWindow <= TimeSpan.Zero)
        {
            problems.Add("RateLimitPermits and RateLimitWindow must be positive.");
        }

        if (options.DevelopmentTokenLifetime <= TimeSpan.Zero)
        {
            problems.Add("DevelopmentTokenLifetime must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
