namespace EId.Faces;

/// <summary>A reason a frame is not good enough for matching (ISO/IEC 29794-5 spirit).</summary>
public enum QualityIssue
{
    /// <summary>No face.</summary>
    NoFace = 1,

    /// <summary>More than one face.</summary>
    SeveralFaces = 2,

    /// <summary>The face is too small (inter-eye distance below the minimum).</summary>
    FaceTooSmall = 3,

    /// <summary>The image is blurred.</summary>
    Blurred = 4,

    /// <summary>The image is too dark.</summary>
    TooDark = 5,

    /// <summary>The image is over-exposed.</summary>
    TooBright = 6,

    /// <summary>Contrast is too low.</summary>
    LowContrast = 7,

    /// <summary>The head is turned or tilted too far.</summary>
    PoseTooFar = 8,

    /// <summary>The eyes are closed.</summary>
    EyesClosed = 9,

    /// <summary>Part of the face is covered or cut off.</summary>
    Occluded = 10,

    /// <summary>The face is not centred in the frame.</summary>
    NotCentred = 11,

    /// <summary>The frame could not be decoded.</summary>
    Unreadable = 12,
}
