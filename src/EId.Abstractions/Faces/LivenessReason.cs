namespace EId.Faces;

/// <summary>Why a liveness check decided as it did.</summary>
public enum LivenessReason
{
    /// <summary>Passive PAD score above the threshold.</summary>
    PassiveScoreAboveThreshold = 1,

    /// <summary>Passive PAD score below the threshold.</summary>
    PassiveScoreBelowThreshold = 2,

    /// <summary>No face in the frames.</summary>
    NoFace = 3,

    /// <summary>The frames do not change: a static image.</summary>
    StaticImage = 4,

    /// <summary>A challenge was not met.</summary>
    ChallengeNotMet = 5,

    /// <summary>Challenges were met in the wrong order.</summary>
    ChallengeOutOfOrder = 6,

    /// <summary>The time limit passed.</summary>
    Timeout = 7,

    /// <summary>A different person appeared during the session.</summary>
    IdentityChanged = 8,

    /// <summary>All challenges were met in order.</summary>
    ChallengesMet = 9,

    /// <summary>The capture answers an unknown or expired challenge.</summary>
    UnknownChallenge = 10,

    /// <summary>Frames could not be decoded.</summary>
    UnreadableFrame = 11,

    /// <summary>The face moved like a flat picture (its landmarks follow one plane homography): a photo or a screen.</summary>
    PlanarMotion = 12,

    /// <summary>The frames' timing is impossible for a camera and a person (too close together, or a head turning faster than a head can).</summary>
    ImpossibleTiming = 13,

    /// <summary>A liveness check failed to run; counted as a refusal, never as live.</summary>
    CheckFailed = 14,
}
