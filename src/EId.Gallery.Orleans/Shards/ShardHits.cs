namespace EId.Gallery.Orleans.Shards;

/// <summary>One shard's best hits for a probe (best first, as parallel arrays to keep the message small), or a typed refusal.</summary>
[GenerateSerializer, Immutable]
public sealed class ShardHits
{
    /// <summary>An empty answer (a shard that holds nothing yet).</summary>
    public static ShardHits Empty { get; } = new();

    /// <summary>The subject ids, best first.</summary>
    [Id(0)]
    public string[] Ids { get; init; } = [];

    /// <summary>The scores, parallel to <see cref="Ids"/>.</summary>
    [Id(1)]
    public float[] Scores { get; init; } = [];

    /// <summary>The <see cref="EId.Biometrics.Gallery.GalleryError"/> as its number, or 0 on success.</summary>
    [Id(2)]
    public int Error { get; init; }

    /// <summary>The refusal's message.</summary>
    [Id(3)]
    public string? Message { get; init; }
}
