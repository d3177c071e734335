using EId.Biometrics.Gallery;

namespace EId.Gallery.Orleans.Shards;

/// <summary>
/// What a shard holds: the embedding model, template length and precision. Every call carries it so silos need no
/// gallery configuration of their own; a shard refuses a call whose spec differs from the one it was created with.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class GallerySpec
{
    /// <summary>The embedding model whose templates the gallery holds.</summary>
    [Id(0)]
    public string ModelId { get; init; } = string.Empty;

    /// <summary>Template length.</summary>
    [Id(1)]
    public int Dimension { get; init; }

    /// <summary>Storage precision of every shard (<see cref="GalleryPrecision"/> as its number).</summary>
    [Id(2)]
    public int Precision { get; init; }

    /// <summary>The gallery options a shard's <see cref="FaceGallery"/> is built with.</summary>
    /// <returns>New options; a shard scans on one core because the fan-out over shards already uses every core.</returns>
    public FaceGalleryOptions ToGalleryOptions() => new()
    {
        ModelId = ModelId,
        Dimension = Dimension,
        Precision = (GalleryPrecision)Precision,
        ParallelThresholdBytes = long.MaxValue,
        MaxDegreeOfParallelism = 1,
    };

    /// <summary>True when <paramref name="other"/> describes the same gallery.</summary>
    /// <param name="other">Another spec.</param>
    /// <returns>Whether model, dimension and precision agree.</returns>
    public bool Matches(GallerySpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(ModelId, other.ModelId, StringComparison.Ordinal) && Dimension == other.Dimension && Precision == other.Precision;
    }
}
