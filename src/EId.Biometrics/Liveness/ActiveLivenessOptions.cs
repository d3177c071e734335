namespace EId.Biometrics.Liveness;

/// <summary>Settings of active (challenge-response) liveness: what a challenge asks and when a frame meets a step.</summary>
public sealed class ActiveLivenessOptions
{
    /// <summary>Steps per challenge. Default 3.</summary>
    public int StepCount { get; set; } = 3;

    /// <summary>The actions a challenge may ask for. Default: blink, turn left, turn right, open mouth, look up.</summary>
    public IList<Faces.ChallengeKind> AllowedSteps { get; } =
        [Faces.ChallengeKind.Blink, Faces.ChallengeKind.TurnLeft, Faces.ChallengeKind.TurnRight, Faces.ChallengeKind.OpenMouth, Faces.ChallengeKind.LookUp];

    /// <summary>How long an issued challenge may be answered. Default 60 s.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest time for one step, from the end of the previous step (or the first frame). Default 5 s.</summary>
    public TimeSpan StepTimeLimit { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Eye-aspect ratio below which the eyes count as closed. Default 0.15.</summary>
    public float EyesClosedRatio { get; set; } = 0.15f;

    /// <summary>Eye-aspect ratio above which the eyes count as open again (hysteresis). Default 0.22.</summary>
    public float EyesOpenRatio { get; set; } = 0.22f;

    /// <summary>Mouth opening (inner-lip gap / mouth width) above which the mouth counts as open. Default 0.35.</summary>
    public float MouthOpenRatio { get; set; } = 0.35f;

    /// <summary>Head yaw, in degrees, beyond which a turn counts. Default 20.</summary>
    public float TurnDegrees { get; set; } = 20f;

    /// <summary>Head pitch change from the first frame, in degrees, beyond which looking up/down counts. Default 12.</summary>
    public float PitchDegrees { get; set; } = 12f;

    /// <summary>
    /// Least 3-D motion evidence a session must show: the second-largest residual, in inter-ocular distances, of a plane
    /// homography fitted from the first face's landmarks to a later face's (<see cref="PlanarMotion"/>). Default 0.065:
    /// on the 122 shared photos, planar warps, tilted prints and screens gave residuals with a 99th percentile of
    /// 0.050–0.065, while two photos of one person 20–30° of yaw apart gave at least 0.069 (median 0.108). 0 turns the check off.
    /// </summary>
    public float MinimumDepthResidual { get; set; } = 0.065f;

    /// <summary>Shortest plausible time between two frames. Default 10 ms (a 100 fps camera).</summary>
    public TimeSpan MinFrameInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Fastest plausible head turn, in degrees of yaw per second. Default 600.</summary>
    public float MaxYawDegreesPerSecond { get; set; } = 600f;

    /// <summary>
    /// Mean absolute grey-level change (0–255) between frames below which two frames are the same image; a capture
    /// whose every pair of consecutive frames is below it is a static image. Default 1.0.
    /// </summary>
    public float StaticFrameDifference { get; set; } = 1.0f;

    /// <summary>
    /// Whether the device mirrors its frames (selfie preview). Unmirrored, a person turning to their own left moves the
    /// nose towards the image's right. Default false.
    /// </summary>
    public bool MirroredFrames { get; set; }

    /// <summary>A copy with another step time limit (the one the challenge was issued with); every other setting kept.</summary>
    internal ActiveLivenessOptions WithStepTimeLimit(TimeSpan limit)
    {
        var copy = (ActiveLivenessOptions)MemberwiseClone();
        copy.StepTimeLimit = limit;
        return copy;
    }
}
