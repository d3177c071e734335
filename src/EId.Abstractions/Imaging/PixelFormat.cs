namespace EId.Imaging;

/// <summary>Memory layout of one pixel in a <see cref="PixelBuffer"/>.</summary>
public enum PixelFormat
{
    /// <summary>8-bit grey, one byte per pixel.</summary>
    Gray8 = 1,

    /// <summary>8-bit red, green, blue; three bytes per pixel.</summary>
    Rgb24 = 2,

    /// <summary>8-bit blue, green, red; three bytes per pixel.</summary>
    Bgr24 = 3,

    /// <summary>8-bit red, green, blue, alpha; four bytes per pixel.</summary>
    Rgba32 = 4,

    /// <summary>8-bit blue, green, red, alpha; four bytes per pixel (the usual camera and Skia layout).</summary>
    Bgra32 = 5,
}
