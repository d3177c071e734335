namespace EId.Biometrics.Pipeline;

/// <summary>Why an image gave no face template.</summary>
public enum FaceAnalysisError
{
    /// <summary>The image could not be decoded (corrupt, unsupported, too large, bad raw layout).</summary>
    Unreadable = 1,

    /// <summary>No face passed the detector's score and size filters.</summary>
    NoFace = 2,
}
