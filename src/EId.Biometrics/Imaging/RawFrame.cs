using System.Runtime.InteropServices;
using EId.Imaging;

namespace EId.Biometrics.Imaging;

/// <summary>Reads raw camera frames (RGB/BGR/RGBA/BGRA/grey with a stride) into a <see cref="PixelBuffer"/>.</summary>
public static class RawFrame
{
    /// <summary>
    /// Checks the layout and wraps the frame's bytes without copying when they are a whole array; otherwise copies them once
    /// into a pooled buffer.
    /// </summary>
    /// <param name="data">The frame bytes.</param>
    /// <param name="layout">Width, height, stride and pixel format.</param>
    /// <param name="maxPixels">Largest accepted width × height.</param>
    /// <returns>The pixels, or <see cref="ImageError.BadRawFrame"/> / <see cref="ImageError.TooLarge"/>.</returns>
    public static Result<PixelBuffer, Failure<ImageError>> Read(ReadOnlyMemory<byte> data, Faces.RawFrameLayout layout, long maxPixels = SkiaImageDecoder.DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (data.IsEmpty)
        {
            return new Failure<ImageError>(ImageError.Empty, "The frame is empty.");
        }

        if (!Enum.IsDefined(layout.Format) || layout.Width <= 0 || layout.Height <= 0)
        {
            return new Failure<ImageError>(ImageError.BadRawFrame, "The frame layout has no pixels or an unknown format.");
        }

        if ((long)layout.Width * layout.Height > maxPixels)
        {
            return new Failure<ImageError>(ImageError.TooLarge, $"{layout.Width}x{layout.Height} exceeds the {maxPixels}-pixel cap.");
        }

        var rowBytes = (long)layout.Width * layout.Format.BytesPerPixel();
        var needed = ((long)layout.Stride * (layout.Height - 1)) + rowBytes;
        if (layout.Stride < rowBytes || needed > data.Length || (long)layout.Stride * layout.Height > int.MaxValue)
        {
            return new Failure<ImageError>(ImageError.BadRawFrame, $"Stride {layout.Stride} and {data.Length} bytes do not hold a {layout.Width}x{layout.Height} {layout.Format} frame.");
        }

        if (MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Array!.Length >= (long)layout.Stride * layout.Height)
        {
            return PixelBuffer.Wrap(segment.Array, layout.Width, layout.Height, layout.Stride, layout.Format);
        }

        var copy = PixelBuffer.Rent(layout.Width, layout.Height, layout.Format);
        var source = data.Span;
        for (var y = 0; y < layout.Height; y++)
        {
            source.Slice(y * layout.Stride, (int)rowBytes).CopyTo(copy.Row(y));
        }

        return copy;
    }
}
