namespace EId.Biometrics.Quality;

/// <summary>Thresholds of the face quality gate (ISO/IEC 29794-5 spirit; defaults measured on the shared photos).</summary>
public sealed class FaceQualityOptions
{
    /// <summary>Smallest inter-eye distance in source pixels. Default 32.</summary>
    public float MinInterEyeDistance { get; set; } = 32f;

    /// <summary>Smallest variance of the Laplacian of the face, resampled to 112×112 grey. Default 40.</summary>
    public float MinSharpness { get; set; } = 40f;

    /// <summary>Mean face luminance (0–255) below which the frame is too dark. Default 50.</summary>
    public float MinBrightness { get; set; } = 50f;

    /// <summary>Mean face luminance above which the frame is over-exposed. Default 210.</summary>
    public float MaxBrightness { get; set; } = 210f;

    /// <summary>Smallest standard deviation of face luminance. Default 20.</summary>
    public float MinContrast { get; set; } = 20f;

    /// <summary>Largest absolute yaw, degrees. Default 30.</summary>
    public float MaxYaw { get; set; } = 30f;

    /// <summary>Largest absolute pitch estimate, degrees. Default 30.</summary>
    public float MaxPitch { get; set; } = 30f;

    /// <summary>Largest absolute roll, degrees. Default 20.</summary>
    public float MaxRoll { get; set; } = 20f;

    /// <summary>Eye-aspect ratio below which the eyes are closed. Default 0.12.</summary>
    public float EyesClosedRatio { get; set; } = 0.12f;

    /// <summary>Largest offset of the face centre from the frame centre, as a fraction of the frame's width/height. Default 0.3.</summary>
    public float MaxCentreOffset { get; set; } = 0.3f;

    /// <summary>A second face larger than this fraction of the subject's area counts as another person in the frame. Default 0.25.</summary>
    public float OtherFaceAreaRatio { get; set; } = 0.25f;

    /// <summary>Detector score below which the face counts as partly covered (occlusion proxy). Default 0.8.</summary>
    public float MinDetectionScore { get; set; } = 0.8f;
}
