namespace EId.Faces;

/// <summary>
/// A face embedding (biometric template): an L2-normalised vector from one embedding model.
/// Templates from different models are not comparable; <see cref="ModelId"/> says which model made it.
/// </summary>
/// <param name="ModelId">Identifier of the embedding model (e.g. <c>fr_feature</c>).</param>
/// <param name="Vector">The normalised embedding.</param>
public sealed record FaceTemplate(string ModelId, ReadOnlyMemory<float> Vector)
{
    /// <summary>Number of dimensions.</summary>
    public int Dimension => Vector.Length;

    /// <summary>Never prints the vector (biometric data).</summary>
    public override string ToString() => $"FaceTemplate({ModelId}, d={Dimension})";
}
