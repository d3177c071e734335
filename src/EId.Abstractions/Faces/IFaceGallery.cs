namespace EId.Faces;

/// <summary>A 1:N face gallery (watchlist, duplicate-enrolment check). Thread-safe.</summary>
public interface IFaceGallery
{
    /// <summary>Number of enrolled templates.</summary>
    int Count { get; }

    /// <summary>Adds or replaces the template of <paramref name="subjectId"/>.</summary>
    void Add(string subjectId, FaceTemplate template);

    /// <summary>Removes <paramref name="subjectId"/>; false when absent.</summary>
    bool Remove(string subjectId);

    /// <summary>The <paramref name="k"/> most similar enrolled templates, best first.</summary>
    IReadOnlyList<GalleryHit> Search(FaceTemplate probe, int k);
}
