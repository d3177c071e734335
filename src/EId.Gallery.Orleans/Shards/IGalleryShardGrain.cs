using Orleans.Concurrency;

namespace EId.Gallery.Orleans.Shards;

/// <summary>
/// One shard of a sharded face gallery: key = shard number, key extension = gallery name. It holds a
/// <see cref="EId.Biometrics.Gallery.FaceGallery"/> over the subjects whose id hashes to it and persists it through Orleans
/// grain persistence (provider <see cref="OrleansGalleryStorage.ProviderName"/>).
/// </summary>
public interface IGalleryShardGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Adds or replaces one subject; the answer is what <c>FaceGallery.TryAdd</c> says.</summary>
    /// <param name="spec">The gallery's spec.</param>
    /// <param name="subjectId">A pseudonym.</param>
    /// <param name="modelId">The template's model.</param>
    /// <param name="vector">The template's components.</param>
    /// <returns>The change or typed refusal.</returns>
    Task<ShardChange> Add(GallerySpec spec, string subjectId, string modelId, float[] vector);

    /// <summary>Adds or replaces many subjects with one state write.</summary>
    /// <param name="spec">The gallery's spec.</param>
    /// <param name="subjectIds">Pseudonyms.</param>
    /// <param name="modelId">The templates' model.</param>
    /// <param name="vectors">The templates, parallel to <paramref name="subjectIds"/>.</param>
    /// <returns>One answer per subject, in order.</returns>
    Task<ShardChange[]> AddRange(GallerySpec spec, string[] subjectIds, string modelId, float[][] vectors);

    /// <summary>Removes a subject; false when absent.</summary>
    /// <param name="subjectId">The pseudonym.</param>
    /// <returns>Whether it was enrolled.</returns>
    Task<bool> Remove(string subjectId);

    /// <summary>The shard's best <paramref name="k"/> hits, best first (ties by subject id ordinal).</summary>
    /// <param name="spec">The gallery's spec.</param>
    /// <param name="probe">The probe's components.</param>
    /// <param name="k">Hits wanted (at least 1).</param>
    /// <returns>The hits or a typed refusal.</returns>
    [ReadOnly]
    Task<ShardHits> Search(GallerySpec spec, float[] probe, int k);

    /// <summary>Templates held.</summary>
    /// <returns>The shard's count.</returns>
    [ReadOnly]
    Task<int> Count();

    /// <summary>Where this activation runs and how many templates it holds (operations and rebalancing checks).</summary>
    /// <returns>Silo, activation id and count.</returns>
    [ReadOnly]
    Task<ShardPlacement> Placement();

    /// <summary>Asks Orleans to deactivate the shard once idle; its next call reloads it from storage on whichever silo placement picks.</summary>
    /// <returns>When the request is queued.</returns>
    Task Deactivate();
}
