using EId.Biometrics.Embedding;

namespace EId.Biometrics.Matching;

/// <summary>
/// The measured cosine thresholds per embedder: the values behind <see cref="EmbedderProfile.MatchThreshold"/> and
/// <see cref="EmbedderProfile.ThumbnailMatchThreshold"/>, which every consumer reads through <see cref="FaceMatchThresholds"/>
/// (<see cref="EmbedderProfile.For"/> is the one switch over embedders). See the package README for the measurements.
/// </summary>
public static class MatchThresholds
{
    /// <summary>
    /// <c>fr_feature</c> with 5-point similarity alignment: 0.46. The FMR ≤ 1e-3 points of the sets here are lower (0.31
    /// on 13 260 ID-card-sized-portrait-vs-photo impostor pairs, whose highest impostor is 0.400), but an independent set
    /// with look-alike actors had impostors up to 0.45; 0.46 accepts no impostor pair known to the project. FNMR at it:
    /// 3.0 % card-vs-photo (978 genuine pairs), 1.2 % photo-vs-photo (492).
    /// </summary>
    public const float FrFeature = 0.46f;

    /// <summary>
    /// <c>fr_feature</c> for a credential's 64 px face-crop thumbnail against a live photo: 0.40, above the highest of
    /// 13 260 impostor pairs (0.369); FNMR 6.9 % there (978 genuine pairs). Prefer the template where the QR has room.
    /// </summary>
    public const float FrFeatureThumbnail = 0.40f;

    /// <summary>FaceRes.</summary>
    public const float FaceRes = 0.66f;

    /// <summary>MobileFace.</summary>
    public const float MobileFace = 0.38f;

    /// <summary>InsightFace ArcFace (the value commonly used for ArcFace R100-class models; recalibrate for your file).</summary>
    public const float ArcFace = 0.35f;
}
