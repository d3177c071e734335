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

/// <summary>Facts about <see cref="PixelFormat"/> values.</summary>
public static class PixelFormatInfo
{
    /// <summary>Bytes per pixel of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The format is not a defined value.</exception>
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Gray8 => 1,
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
        PixelFormat.Rgba32 or PixelFormat.Bgra32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };
}
