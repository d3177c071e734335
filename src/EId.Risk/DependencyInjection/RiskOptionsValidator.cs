using EId.Privacy;
using EId.Risk.Devices;
using Microsoft.Extensions.Options;

namespace EId.Risk;

/// <summary>Validates <see cref="RiskOptions"/> on start, naming every problem.</summary>
internal sealed class RiskOptionsValidator : IValidateOptions<RiskOptions>
{
    public ValidateOptionsResult Validate(string? name, RiskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.ReplayWindow <= TimeSpan.Zero)
        {
            problems.Add("ReplayWindow must be positive.");
        }

        if (options.TrustedAuthorityKeys.Count == 0 || !options.TrustedAuthorityKeys.All(k => k is { Length: DeviceKey.PublicKeyLength }))
        {
            problems.Add("TrustedAuthorityKeys needs at least one 32-byte Ed25519 public key.");
        }

        if (options.PseudonymKey is not null && options.PseudonymKey.Length < SubjectPseudonym.MinimumKeyLength)
        {
            problems.Add("PseudonymKey must be at least 32 bytes.");
        }

        problems.AddRange(options.Storage.Problems("RiskOptions.Storage"));
        if (!options.VelocityRules.All(r => r is not null && r.IsValid))
        {
            problems.Add("Every velocity rule needs a positive limit and window.");
        }

        if (options.WatchlistReviewThreshold > options.WatchlistDenyThreshold)
        {
            problems.Add("WatchlistReviewThreshold must not exceed WatchlistDenyThreshold.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
