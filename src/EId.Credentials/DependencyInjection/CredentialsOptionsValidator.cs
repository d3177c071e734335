using EId.Diagnostics;
using Microsoft.Extensions.Options;

namespace EId.Credentials;

/// <summary>Validates <see cref="CredentialsOptions"/> on start, naming every problem (missing files with their full path).</summary>
internal sealed class CredentialsOptionsValidator : IValidateOptions<CredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Check(problems, options.Issuer.Issuer.Length > 0 || options.SigningKeyPath is null, "Issuer.Issuer (the iss URI) is required when a signing key is configured.");
        Check(problems, options.Verifier.ClockSkew >= TimeSpan.Zero && options.Verifier.ClockSkew <= TimeSpan.FromHours(1), "Verifier.ClockSkew must be between 0 and 1 hour.");
        Check(problems, options.Verifier.StatusListMaxAge > TimeSpan.Zero, "Verifier.StatusListMaxAge must be positive.");
        Check(problems, options.Verifier.KeyRetirementGrace >= TimeSpan.Zero, "Verifier.KeyRetirementGrace must not be negative.");
        Check(problems, options.Verifier.Limits.MaxDecompressedBytes > 0 && options.Verifier.Limits.MaxTextLength > 0 && options.Verifier.Limits.MaxCborDepth > 2, "Verifier.Limits must be positive.");
        Check(problems, options.Issuer.EncryptionKey is null || options.Issuer.EncryptionKey.Value.Length == 32, "Issuer.EncryptionKey must be 32 bytes.");
        problems.AddRange(options.StatusStore.Problems("CredentialsOptions.StatusStore"));
        foreach (var missing in new[] { OptionsChecks.MissingFile("CredentialsOptions.SigningKeyPath", options.SigningKeyPath), OptionsChecks.MissingFile("CredentialsOptions.TrustListPath", options.TrustListPath) })
        {
            if (missing is not null)
            {
                problems.Add(missing);
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
