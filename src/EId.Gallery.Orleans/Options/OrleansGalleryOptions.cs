using EId.Biometrics.Gallery;

namespace EId.Gallery.Orleans;

/// <summary>Configuration of the client side of a sharded gallery (<see cref="Client.OrleansFaceGallery"/>).</summary>
public sealed class OrleansGalleryOptions
{
    /// <summary>The gallery's name (the shard grains' key extension): several galleries can share one cluster. Default <c>watchlist</c>.</summary>
    public string GalleryName { get; set; } = "watchlist";

    /// <summary>The embedding model whose templates the gallery holds (e.g. <c>fr_feature</c>).</summary>
    public string ModelId { get; set; } = string.Empty;

    /// <summary>Template length (512 for <c>fr_feature</c>).</summary>
    public int Dimension { get; set; }

    /// <summary>Storage precision of every shard; default <see cref="GalleryPrecision.Float32"/>.</summary>
    public GalleryPrecision Precision { get; set; } = GalleryPrecision.Float32;

    /// <summary>
    /// Number of shards, fixed for the life of the gallery (a subject's shard is its id hash modulo this; changing it
    /// means re-enrolling). Pick it well above the silo count so Orleans can spread shards evenly. Default 64.
    /// </summary>
    public int ShardCount { get; set; } = 64;

    /// <summary>The largest shard count accepted.</summary>
    public const int MaxShardCount = 65536;

    /// <summary>The longest gallery name.</summary>
    public const int MaxGalleryNameLength = 100;
}
