using EId.Diagnostics;
using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>Reports every problem of <see cref="ActiveLivenessOptions"/> (run by <see cref="LivenessOptionsValidator"/> for <see cref="LivenessOptions.Active"/>).</summary>
internal sealed class ActiveLivenessOptionsValidator : OptionsValidator<ActiveLivenessOptions>
{
    protected override void Collect(ActiveLivenessOptions options, List<string> problems)
    {
        if (options.StepCount < 1 || options.AllowedSteps.Distinct().Count() < 2)
        {
            problems.Add("A challenge needs at least one step and two allowed actions.");
        }

        if (options.StepTimeLimit <= TimeSpan.Zero || options.ChallengeLifetime <= TimeSpan.Zero)
        {
            problems.Add("Time limits must be positive.");
        }

        if (!(options.EyesOpenRatio >= options.EyesClosedRatio))
        {
            problems.Add("EyesOpenRatio must not be below EyesClosedRatio.");
        }

        if (!(options.MinimumDepthResidual >= 0) || !(options.MaxYawDegreesPerSecond > 0) || options.MinFrameInterval < TimeSpan.Zero)
        {
            problems.Add("MinimumDepthResidual and MinFrameInterval must not be negative, MaxYawDegreesPerSecond must be positive.");
        }

        if (options.MinimumDepthResidual != 0 && !options.AllowedSteps.Any(k => k is ChallengeKind.TurnLeft or ChallengeKind.TurnRight))
        {
            problems.Add("The 3-D motion check (MinimumDepthResidual) needs head turns among AllowedSteps.");
        }
    }
}
