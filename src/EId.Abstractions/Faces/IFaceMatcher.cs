namespace EId.Faces;

/// <summary>Compares two templates of the same model.</summary>
public interface IFaceMatcher
{
    /// <summary>Similarity of two templates; higher is more alike.</summary>
    /// <exception cref="ArgumentException">The templates come from different models or have different lengths.</exception>
    float Similarity(FaceTemplate a, FaceTemplate b);

    /// <summary>Compares two templates and decides at the configured threshold for their model.</summary>
    FaceMatch Compare(FaceTemplate reference, FaceTemplate probe);
}
