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

    /// <summary>Cosine similarity every frame's face must keep with the first frame's face. Default 0.45.</summary>
    public float IdentityThreshold { get; set; } = 0.45f;

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
}
