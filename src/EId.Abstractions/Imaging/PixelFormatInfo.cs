namespace EId.Imaging;

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
