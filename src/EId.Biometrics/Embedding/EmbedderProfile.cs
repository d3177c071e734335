using EId.Biometrics.Imaging;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Imaging;

namespace EId.Biometrics.Embedding;

/// <summary>How to feed one embedding model: its aligned crop size and tensor format.</summary>
/// <param name="ModelId">Identifier stored in templates (templates of different models never compare).</param>
/// <param name="Input">Crop size, channel order, layout and normalisation.</param>
/// <param name="MatchThreshold">The calibrated cosine threshold for this model against a full portrait (the values are in <see cref="Matching.MatchThresholds"/>).</param>
public sealed record EmbedderProfile(string ModelId, TensorSpec Input, float MatchThreshold)
{
    private readonly float? _thumbnailMatchThreshold;

    /// <summary>
    /// The calibrated cosine threshold against a credential's face thumbnail only; defaults to <see cref="MatchThreshold"/>
    /// for a model not calibrated on thumbnails (never lower than measured).
    /// </summary>
    public float ThumbnailMatchThreshold
    {
        get => _thumbnailMatchThreshold ?? MatchThreshold;
        init => _thumbnailMatchThreshold = value;
    }

    /// <summary><c>fr_feature</c>: 112×112 NCHW, BGR, (x − 127) / 128 (BGR measured EER 0 % vs 0.2 % for RGB on the LFW subset).</summary>
    public static EmbedderProfile FrFeature { get; } = new(FaceModelNames.FrFeature, new TensorSpec(112, 112, ChannelOrder.Bgr, TensorLayout.Nchw, 127f, 128f), Matching.MatchThresholds.FrFeature)
    {
        ThumbnailMatchThreshold = Matching.MatchThresholds.FrFeatureThumbnail,
    };

    /// <summary>FaceRes (converted from TF.js): 224×224 NHWC BGR, raw 0–255 (x / 255 and [−1, 1] collapse every face to cosine ≈ 1; BGR: EER 4.7 % vs 6.4 % RGB).</summary>
    public static EmbedderProfile FaceRes { get; } = new(FaceModelNames.FaceRes, new TensorSpec(224, 224, ChannelOrder.Bgr, TensorLayout.Nhwc, 0f, 1f), Matching.MatchThresholds.FaceRes);

    /// <summary>MobileFace (converted from TF.js): 112×112 NHWC RGB, raw 0–255 (its graph normalises internally; BGR doubles the EER).</summary>
    public static EmbedderProfile MobileFace { get; } = new(FaceModelNames.MobileFace, new TensorSpec(112, 112, ChannelOrder.Rgb, TensorLayout.Nhwc, 0f, 1f), Matching.MatchThresholds.MobileFace);

    /// <summary>InsightFace ArcFace: 112×112 NCHW RGB, (x − 127.5) / 127.5.</summary>
    public static EmbedderProfile ArcFace { get; } = new("arcface", new TensorSpec(112, 112, ChannelOrder.Rgb, TensorLayout.Nchw, 127.5f, 127.5f), Matching.MatchThresholds.ArcFace);

    /// <summary>The profile for a kind.</summary>
    /// <param name="kind">Embedder kind.</param>
    /// <returns>Its profile.</returns>
    public static EmbedderProfile For(FaceEmbedderKind kind) => kind switch
    {
        FaceEmbedderKind.FrFeature => FrFeature,
        FaceEmbedderKind.FaceRes => FaceRes,
        FaceEmbedderKind.MobileFace => MobileFace,
        FaceEmbedderKind.ArcFace => ArcFace,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown embedder."),
    };
}
