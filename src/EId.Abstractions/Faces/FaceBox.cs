namespace EId.Faces;

/// <summary>An axis-aligned face rectangle in image pixel coordinates.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    /// <summary>Right edge.</summary>
    public float Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public float Bottom => Y + Height;

    /// <summary>Area in square pixels.</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Centre point.</summary>
    public FacePoint Center => new(X + (Width / 2), Y + (Height / 2));

    /// <summary>Intersection over union with <paramref name="other"/>, in [0, 1].</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(Right, other.Right);
        var bottom = Math.Min(Bottom, other.Bottom);
        var intersection = Math.Max(0, right - left) * Math.Max(0, bottom - top);
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
