namespace EId.Faces;

/// <summary>Why a face verification decided as it did.</summary>
public enum FaceMatchReason
{
    /// <summary>The score met the threshold.</summary>
    ScoreAboveThreshold = 1,

    /// <summary>The score was below the threshold.</summary>
    ScoreBelowThreshold = 2,

    /// <summary>No face was found in the reference (document or registry) portrait.</summary>
    NoFaceInReference = 3,

    /// <summary>No face was found in any live frame.</summary>
    NoFaceInProbe = 4,

    /// <summary>The reference image could not be decoded.</summary>
    ReferenceUnreadable = 5,

    /// <summary>No live frame could be decoded.</summary>
    ProbeUnreadable = 6,

    /// <summary>Several faces were present; the subject rule chose one.</summary>
    SeveralFaces = 7,

    /// <summary>The templates came from different models.</summary>
    ModelMismatch = 8,

    /// <summary>Live frames failed the quality gate.</summary>
    PoorQuality = 9,
}
