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
}
