using EId.Diagnostics;

namespace EId.Biometrics.Models;

/// <summary>Reports every problem of <see cref="FaceModelOptions"/> at start-up (registered by <c>AddEIdBiometricsModels</c> with <c>ValidateOnStart</c>).</summary>
internal sealed class FaceModelOptionsValidator : OptionsValidator<FaceModelOptions>
{
    protected override void Collect(FaceModelOptions options, List<string> problems)
    {
        if (options.Directory is not null && !System.IO.Directory.Exists(options.Directory))
        {
            problems.Add($"FaceModelOptions.Directory must be an existing folder: {Path.GetFullPath(options.Directory)}.");
        }
    }
}
