namespace EId.Biometrics.Gallery;

/// <summary>Configuration of a <see cref="FaceGallery"/> (checked when the gallery is created or loaded).</summary>
public sealed class FaceGalleryOptions
{
    /// <summary>The embedding model whose templates the gallery holds (e.g. <c>fr_feature</c>); probes from other models are refused.</summary>
    public string ModelId { get; set; } = string.Empty;

    /// <summary>Template length (512 for <c>fr_feature</c>).</summary>
    public int Dimension { get; set; }

    /// <summary>Storage and scoring precision; default <see cref="GalleryPrecision.Float32"/>.</summary>
    public GalleryPrecision Precision { get; set; } = GalleryPrecision.Float32;

    /// <summary>SIMD path; default <see cref="GalleryKernel.Auto"/>.</summary>
    public GalleryKernel Kernel { get; set; } = GalleryKernel.Auto;

    /// <summary>Templates to reserve room for up front (avoids regrowing a large buffer while enrolling).</summary>
    public int InitialCapacity { get; set; }

    /// <summary>
    /// A search scans in parallel over cores only when it reads at least this many bytes, because
    /// below that the hand-off costs more than it saves. Default 4 MiB (about 2,000 float32 templates of 512).
    /// </summary>
    public long ParallelThresholdBytes { get; set; } = 4L << 20;

    /// <summary>Upper bound on the threads one search uses; default <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>For <see cref="GalleryPrecision.Int8Reranked"/>: how many int8 candidates per requested hit are re-scored exactly. Default 4.</summary>
    public int RerankFactor { get; set; } = 4;

    internal FaceGalleryOptions Clone() => (FaceGalleryOptions)MemberwiseClone();
}
