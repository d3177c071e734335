namespace EId.Gallery.Orleans.Shards;

/// <summary>Names the grain persistence the shards use.</summary>
public static class OrleansGalleryStorage
{
    /// <summary>The grain storage provider name a silo must register (ADO.NET, the bundled PostgreSQL storage, or memory in tests).</summary>
    public const string ProviderName = "eid-gallery";

    /// <summary>The state name inside each shard grain.</summary>
    public const string StateName = "shard";
}
