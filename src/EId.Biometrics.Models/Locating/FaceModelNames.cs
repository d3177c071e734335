namespace EId.Biometrics.Models.Locating;

/// <summary>Names of the models this package ships; each is the ONNX file name without extension.</summary>
public static class FaceModelNames
{
    /// <summary>faceplugin SSD-style face detector, NCHW 1×3×240×320, (x−127)/128, decoded boxes.</summary>
    public const string FrDetect = "fr_detect";

    /// <summary>faceplugin 68-point landmarks, 64×64 grey.</summary>
    public const string FrLandmark = "fr_landmark";

    /// <summary>faceplugin ArcFace-style embedder, 112×112 NCHW, (x−127)/128.</summary>
    public const string FrFeature = "fr_feature";

    /// <summary>faceplugin eye closeness.</summary>
    public const string FrEye = "fr_eye";

    /// <summary>faceplugin head pose.</summary>
    public const string FrPose = "fr_pose";

    /// <summary>faceplugin passive presentation-attack detection, 128×128.</summary>
    public const string FrLiveness = "fr_liveness";

    /// <summary>human-models BlazeFace detector (converted from TF.js), 256×256, 6 keypoints.</summary>
    public const string BlazeFace = "blazeface";

    /// <summary>human-models FaceMesh, 468 points (converted).</summary>
    public const string FaceMesh = "facemesh";

    /// <summary>human-models iris (converted).</summary>
    public const string Iris = "iris";

    /// <summary>human-models FaceRes descriptor, 1024-d, 224×224 (converted).</summary>
    public const string FaceRes = "faceres";

    /// <summary>human-models MobileFace ArcFace-style embedder, 112×112 (converted).</summary>
    public const string MobileFace = "mobileface";

    /// <summary>human-models anti-spoofing, 128×128, sigmoid "real" (converted).</summary>
    public const string AntiSpoof = "antispoof";

    /// <summary>human-models liveness, 32×32, softmax index 0 "live" (converted).</summary>
    public const string Liveness = "liveness";
}
