namespace EId.Faces;

/// <summary>Facial landmark points in image pixel coordinates.</summary>
/// <param name="Scheme">The point layout.</param>
/// <param name="Points">The points, in the layout's order.</param>
public sealed record FaceLandmarks(LandmarkScheme Scheme, IReadOnlyList<FacePoint> Points)
{
    /// <summary>Optional 3D depth per point (FaceMesh), same order as <see cref="Points"/>.</summary>
    public IReadOnlyList<float>? Depth { get; init; }
}
