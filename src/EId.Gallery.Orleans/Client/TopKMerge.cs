using EId.Faces;
using EId.Gallery.Orleans.Shards;

namespace EId.Gallery.Orleans.Client;

/// <summary>
/// Merges the shards' top-k lists into the gallery's top-k in one pass. Each shard ranks by score descending, then
/// subject id ordinal ascending (the <see cref="EId.Biometrics.Gallery.FaceGallery"/> order), so the global best k are
/// among the shards' best k and the same total order gives the single-gallery answer, ties included.
/// </summary>
public static class TopKMerge
{
    /// <summary>The best <paramref name="k"/> of all <paramref name="shards"/>' hits, best first.</summary>
    /// <param name="shards">Every shard's answer (errors must have been handled).</param>
    /// <param name="k">Hits wanted.</param>
    /// <returns>At most <paramref name="k"/> hits.</returns>
    public static GalleryHit[] Merge(IReadOnlyList<ShardHits> shards, int k)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var total = 0;
        foreach (var shard in shards)
        {
            total += shard.Ids.Length;
        }

        var all = new GalleryHit[total];
        var n = 0;
        foreach (var shard in shards)
        {
            for (var i = 0; i < shard.Ids.Length; i++)
            {
                all[n++] = new GalleryHit(shard.Ids[i], shard.Scores[i]);
            }
        }

        Array.Sort(all, Compare);
        return all.Length <= k ? all : all[..k];
    }

    /// <summary>The gallery's ranking: higher score first, then subject id ordinal.</summary>
    /// <param name="a">One hit.</param>
    /// <param name="b">Another hit.</param>
    /// <returns>Negative when <paramref name="a"/> ranks first.</returns>
    public static int Compare(GalleryHit a, GalleryHit b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.SubjectId, b.SubjectId);
    }
}
