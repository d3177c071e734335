using Microsoft.Extensions.Options;

namespace EId.IdentityServer;

/// <summary>Checks <see cref="IdentityServerOptions"/> at start-up.</summary>
public sealed class IdentityServerOptionsValidator : IValidateOptions<IdentityServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IdentityServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PostalServerUrl is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
        {
            failures.Add("PostalServerUrl must be an absolute http(s) URL.");
        }

        if (options.MaxRequestBytes <= 0 || options.PostalTimeout <= TimeSpan.Zero)
        {
            failures.Add("MaxRequestBytes and PostalTimeout must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.ParcelAction))
        {
            failures.Add("ParcelAction is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
