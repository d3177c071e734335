namespace EId.Gallery.Orleans.Shards;

/// <summary>
/// The persisted form of one shard: its spec and its templates in the EId gallery file format
/// (<see cref="EId.Biometrics.Gallery.FaceGallery.Save(Stream, CancellationToken)"/>: compact, versioned, SHA-256 checked).
/// </summary>
[GenerateSerializer]
public sealed class GalleryShardState
{
    /// <summary>The gallery the shard belongs to; null before the first enrolment.</summary>
    [Id(0)]
    public GallerySpec? Spec { get; set; }

    /// <summary>The shard's gallery file.</summary>
    [Id(1)]
    public byte[] File { get; set; } = [];
}
