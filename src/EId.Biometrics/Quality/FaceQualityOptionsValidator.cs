using EId.Diagnostics;

namespace EId.Biometrics.Quality;

/// <summary>Reports every problem of <see cref="FaceQualityOptions"/> (run by the liveness options' validator for <c>LivenessOptions.Quality</c>).</summary>
internal sealed class FaceQualityOptionsValidator : OptionsValidator<FaceQualityOptions>
{
    protected override void Collect(FaceQualityOptions options, List<string> problems)
    {
        if (!(options.MinInterEyeDistance >= 0) || !(options.MinSharpness >= 0) || !(options.MinContrast >= 0))
        {
            problems.Add("MinInterEyeDistance, MinSharpness and MinContrast must not be negative.");
        }

        if (!(options.MinBrightness >= 0 && options.MinBrightness <= options.MaxBrightness && options.MaxBrightness <= 255))
        {
            problems.Add("Brightness limits must satisfy 0 ≤ MinBrightness ≤ MaxBrightness ≤ 255.");
        }

        if (options.MaxYaw is not (> 0 and <= 90) || options.MaxPitch is not (> 0 and <= 90) || options.MaxRoll is not (> 0 and <= 180))
        {
            problems.Add("MaxYaw and MaxPitch must be in (0, 90] degrees, MaxRoll in (0, 180].");
        }

        if (options.EyesClosedRatio is not (>= 0 and <= 1) || options.MaxCentreOffset is not (>= 0 and <= 1)
            || options.OtherFaceAreaRatio is not (>= 0 and <= 1) || options.MinDetectionScore is not (>= 0 and <= 1))
        {
            problems.Add("EyesClosedRatio, MaxCentreOffset, OtherFaceAreaRatio and MinDetectionScore must be in [0, 1].");
        }
    }
}
