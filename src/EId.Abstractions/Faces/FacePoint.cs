namespace EId.Faces;

/// <summary>A point in image pixel coordinates (origin top-left, x right, y down).</summary>
/// <param name="X">Horizontal position in pixels.</param>
/// <param name="Y">Vertical position in pixels.</param>
public readonly record struct FacePoint(float X, float Y);
