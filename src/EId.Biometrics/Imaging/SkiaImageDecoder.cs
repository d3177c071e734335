using EId.Imaging;
using SkiaSharp;

namespace EId.Biometrics.Imaging;

/// <summary>
/// Decodes JPEG, PNG, WebP (and the other formats SkiaSharp reads) into an upright <see cref="PixelFormat.Rgba32"/>
/// <see cref="PixelBuffer"/>, applying the EXIF orientation so that faces are never seen sideways.
/// </summary>
/// <remarks>
/// The returned buffer is rented from the shared array pool: dispose it when done. Thread-safe.
/// </remarks>
public sealed class SkiaImageDecoder : IImageDecoder
{
    /// <summary>The default pixel cap: 40 megapixels.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    private readonly long _maxPixels;

    /// <summary>Creates a decoder that refuses images larger than <paramref name="maxPixels"/> pixels.</summary>
    /// <param name="maxPixels">Largest accepted width × height; guards against decompression bombs.</param>
    public SkiaImageDecoder(long maxPixels = DefaultMaxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        _maxPixels = maxPixels;
    }

    /// <inheritdoc />
    public Result<PixelBuffer, Failure<ImageError>> Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            return new Failure<ImageError>(ImageError.Empty, "The image is empty.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult);
        if (codec is null)
        {
            var reason = HasKnownSignature(encoded) ? ImageError.Corrupt : ImageError.UnsupportedFormat;
            return new Failure<ImageError>(reason, $"Not a readable image ({createResult}).");
        }

        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            return new Failure<ImageError>(ImageError.Corrupt, "The image has no pixels.");
        }

        if ((long)width * height > _maxPixels)
        {
            return new Failure<ImageError>(ImageError.TooLarge, $"{width}x{height} exceeds the {_maxPixels}-pixel cap.");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var stored = PixelBuffer.Rent(width, height, PixelFormat.Rgba32);
        SKCodecResult result;
        var pixels = stored.Pixels;
        unsafe
        {
            fixed (byte* p = pixels)
            {
                result = codec.GetPixels(info, (IntPtr)p);
            }
        }

        // IncompleteInput still yields the decoded part (the rest is filled); anything else is unusable.
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            stored.Dispose();
            return new Failure<ImageError>(ImageError.Corrupt, $"The image could not be decoded ({result}).");
        }

        var origin = codec.EncodedOrigin;
        if (origin is SKEncodedOrigin.TopLeft or (SKEncodedOrigin)0)
        {
            return stored;
        }

        using (stored)
        {
            return ImageOrientation.Apply(stored, (int)origin);
        }
    }

    private static bool HasKnownSignature(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
        || (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        || bytes.StartsWith("GIF8"u8)
        || bytes.StartsWith("BM"u8);

    /// <summary>Decodes a camera frame: raw frames (<see cref="Faces.FaceFrame.Raw"/>) are used as they are, without re-encoding.</summary>
    /// <param name="frame">An encoded image or a raw pixel buffer with its layout.</param>
    /// <returns>The pixels, or why they could not be read.</returns>
    public Result<PixelBuffer, Failure<ImageError>> Decode(Faces.FaceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Raw is { } layout ? RawFrame.Read(frame.Data, layout, _maxPixels) : Decode(frame.Data.Span);
    }
}

/// <summary>Turns a stored image upright according to its EXIF orientation (1–8).</summary>
internal static class ImageOrientation
{
    public static PixelBuffer Apply(PixelBuffer stored, int orientation)
    {
        var w = stored.Width;
        var h = stored.Height;
        var swap = orientation >= 5;
        var output = PixelBuffer.Rent(swap ? h : w, swap ? w : h, stored.Format);
        var bpp = stored.BytesPerPixel;
        var src = stored.Pixels;
        var srcStride = stored.Stride;
        for (var y = 0; y < output.Height; y++)
        {
            var row = output.Row(y);
            for (var x = 0; x < output.Width; x++)
            {
                var (sx, sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    8 => (w - 1 - y, x),
                    _ => (x, y),
                };
                src.Slice((sy * srcStride) + (sx * bpp), bpp).CopyTo(row.Slice(x * bpp, bpp));
            }
        }

        return output;
    }
}
