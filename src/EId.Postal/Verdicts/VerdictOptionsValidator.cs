using Microsoft.Extensions.Options;

namespace EId.Postal.Verdicts;

/// <summary>Checks <see cref="VerdictOptions"/> at start-up.</summary>
public sealed class VerdictOptionsValidator : IValidateOptions<VerdictOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, VerdictOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.KeyId) || options.KeyId.Length > 64)
        {
            failures.Add("KeyId is required (at most 64 characters).");
        }

        if (options.SigningKey is not null && options.SigningKey.Length != 32)
        {
            failures.Add("SigningKey must be a 32-byte raw Ed25519 private key.");
        }

        if (options.Lifetime <= TimeSpan.Zero || options.MaxAge <= TimeSpan.Zero)
        {
            failures.Add("Lifetime and MaxAge must be positive.");
        }

        if (options.ClockSkew < TimeSpan.Zero)
        {
            failures.Add("ClockSkew must not be negative.");
        }

        foreach (var (keyId, value) in options.TrustedKeys)
        {
            if (string.IsNullOrWhiteSpace(keyId) || !TryPublicKey(value, out _))
            {
                failures.Add($"Trusted key '{keyId}' must be a base64 32-byte Ed25519 public key.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool TryPublicKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var buffer = new byte[32];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written != 32)
        {
            return false;
        }

        key = buffer;
        return true;
    }
}
