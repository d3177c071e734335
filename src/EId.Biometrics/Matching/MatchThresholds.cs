using EId.Biometrics.Embedding;

namespace EId.Biometrics.Matching;

/// <summary>
/// Default cosine thresholds per embedder, calibrated on the shared LFW subset (4 500 impostor pairs) and the
/// face_recognition pairs for a false-match rate of at most 1e-3 (see the package README for the numbers).
/// </summary>
public static class MatchThresholds
{
    /// <summary><c>fr_feature</c> with 5-point similarity alignment.</summary>
    public const float FrFeature = 0.35f;

    /// <summary>FaceRes.</summary>
    public const float FaceRes = 0.66f;

    /// <summary>MobileFace.</summary>
    public const float MobileFace = 0.38f;

    /// <summary>InsightFace ArcFace (the value commonly used for ArcFace R100-class models; recalibrate for your file).</summary>
    public const float ArcFace = 0.35f;

    /// <summary>The default threshold for an embedder.</summary>
    /// <param name="kind">Embedder.</param>
    /// <returns>Cosine threshold.</returns>
    public static float For(FaceEmbedderKind kind) => kind switch
    {
        FaceEmbedderKind.FrFeature => FrFeature,
        FaceEmbedderKind.FaceRes => FaceRes,
        FaceEmbedderKind.MobileFace => MobileFace,
        FaceEmbedderKind.ArcFace => ArcFace,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown embedder."),
    };
}
