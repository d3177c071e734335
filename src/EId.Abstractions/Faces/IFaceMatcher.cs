namespace EId.Faces;

/// <summary>Compares two templates of the same model.</summary>
public interface IFaceMatcher
{
    /// <summary>Similarity of two templates; higher is more alike.</summary>
    /// <exception cref="ArgumentException">The templates come from different models or have different lengths.</exception>
    float Similarity(FaceTemplate a, FaceTemplate b);

    /// <summary>Compares two templates and decides at the configured threshold for their model (a portrait reference).</summary>
    FaceMatch Compare(FaceTemplate reference, FaceTemplate probe);

    /// <summary>
    /// Compares two templates and decides at the threshold for <paramref name="kind"/>. The default ignores the kind and
    /// decides as <see cref="Compare(FaceTemplate, FaceTemplate)"/> (the portrait threshold, the stricter one).
    /// </summary>
    /// <param name="reference">The reference template.</param>
    /// <param name="probe">The live template.</param>
    /// <param name="kind">What the reference was made from.</param>
    /// <returns>The match.</returns>
    FaceMatch Compare(FaceTemplate reference, FaceTemplate probe, FaceReferenceKind kind) => Compare(reference, probe);
}
