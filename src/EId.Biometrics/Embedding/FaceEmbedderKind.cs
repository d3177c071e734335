namespace EId.Biometrics.Embedding;

/// <summary>Which face embedder the pipeline uses.</summary>
public enum FaceEmbedderKind
{
    /// <summary><c>fr_feature</c>: 512-d, 112×112 (default; best measured accuracy).</summary>
    FrFeature = 0,

    /// <summary>FaceRes (<c>faceres.onnx</c>): 1024-d descriptor, 224×224.</summary>
    FaceRes = 1,

    /// <summary>MobileFace (<c>mobileface.onnx</c>): 112×112.</summary>
    MobileFace = 2,

    /// <summary>An InsightFace ArcFace file supplied by path (<see cref="BiometricsOptions.ArcFaceModelPath"/>): 112×112.</summary>
    ArcFace = 3,
}
