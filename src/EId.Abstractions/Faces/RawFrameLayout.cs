using EId.Imaging;

namespace EId.Faces;

/// <summary>Layout of a raw camera frame.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Stride">Bytes per row.</param>
/// <param name="Format">Pixel format.</param>
public sealed record RawFrameLayout(int Width, int Height, int Stride, PixelFormat Format);
