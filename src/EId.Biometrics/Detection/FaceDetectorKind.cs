namespace EId.Biometrics.Detection;

/// <summary>Which face detector the pipeline uses.</summary>
public enum FaceDetectorKind
{
    /// <summary><c>fr_detect</c>: a fast 320×240 single-shot detector (default).</summary>
    FrDetect = 0,

    /// <summary>BlazeFace (<c>blazeface.onnx</c>): 256×256, six keypoints.</summary>
    BlazeFace = 1,

    /// <summary>An InsightFace SCRFD file supplied by path (<see cref="BiometricsOptions.ScrfdModelPath"/>): 640×640, five keypoints.</summary>
    Scrfd = 2,
}
