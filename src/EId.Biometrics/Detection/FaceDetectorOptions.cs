namespace EId.Biometrics.Detection;

/// <summary>Filtering applied by every detector.</summary>
public sealed record FaceDetectorOptions
{
    /// <summary>Minimum detection score in [0, 1]. Default 0.7.</summary>
    public float ScoreThreshold { get; init; } = 0.7f;

    /// <summary>Faces whose shorter box side is below this many source pixels are dropped. Default 16.</summary>
    public float MinFaceSize { get; init; } = 16;

    /// <summary>Overlap (IoU) above which two boxes are the same face. Default 0.3.</summary>
    public float NmsIouThreshold { get; init; } = 0.3f;

    /// <summary>At most this many faces are returned, best first. Default 32.</summary>
    public int MaxFaces { get; init; } = 32;
}
