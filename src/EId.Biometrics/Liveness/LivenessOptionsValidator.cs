using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Quality;
using EId.Diagnostics;
using Microsoft.Extensions.Options;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Reports every problem of <see cref="LivenessOptions"/> at start-up, those of its <see cref="LivenessOptions.Active"/>
/// and <see cref="LivenessOptions.Quality"/> settings (prefixed <c>Active:</c>, <c>Quality:</c>) and missing PAD model files.
/// </summary>
internal sealed class LivenessOptionsValidator : OptionsValidator<LivenessOptions>
{
    private readonly ActiveLivenessOptionsValidator _active = new();
    private readonly FaceQualityOptionsValidator _quality = new();

    protected override void Collect(LivenessOptions options, List<string> problems)
    {
        var knownModels = options.PassiveModels.All(Enum.IsDefined);
        if (options.PassiveModels.Count == 0 || !knownModels)
        {
            problems.Add("PassiveModels must list at least one known model.");
        }

        if (options.PassiveModelThresholds.Count != 0 && (options.PassiveModelThresholds.Count != options.PassiveModels.Count || !options.PassiveModelThresholds.All(t => t is >= 0 and <= 1)))
        {
            problems.Add("PassiveModelThresholds must be empty or one threshold in [0, 1] per model.");
        }

        if (options.PassiveThreshold is not (>= 0 and <= 1))
        {
            problems.Add("PassiveThreshold must be in [0, 1].");
        }

        if (options.FrameParallelism < 1)
        {
            problems.Add("FrameParallelism must be at least 1.");
        }

        if (options.ChallengeKey is not null && options.ChallengeKey.Length < 16)
        {
            problems.Add("ChallengeKey must have at least 16 bytes.");
        }

        if (options.Active is null || options.Quality is null)
        {
            problems.Add("Active and Quality must be set.");
        }
        else
        {
            Nested("Active", _active.Validate(null, options.Active), problems);
            Nested("Quality", _quality.Validate(null, options.Quality), problems);
        }

        problems.AddRange(new ModelLocator(options.ModelDirectory).DescribeMissing(PadModels(options)));
    }

    /// <summary>The model files of the known passive PAD models the options list.</summary>
    internal static List<string> PadModels(LivenessOptions o) => [.. o.PassiveModels.Where(Enum.IsDefined).Select(k => PadModelProfile.For(k).ModelName)];

    private static void Nested(string section, ValidateOptionsResult result, List<string> problems)
    {
        if (result.Failed)
        {
            problems.AddRange(result.Failures.Select(f => $"{section}: {f}"));
        }
    }
}
