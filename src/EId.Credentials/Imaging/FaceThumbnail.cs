using EId.Documents;
using SkiaSharp;

namespace EId.Credentials.Imaging;

/// <summary>
/// Down-scales a portrait to a small WebP for claim 62, lowering quality until it fits a byte budget,
/// so that the whole credential stays within a scannable QR (see the package README for the target).
/// </summary>
public static class FaceThumbnail
{
    /// <summary>Creates the thumbnail, or null when the image cannot be decoded.</summary>
    /// <param name="encodedImage">JPEG, PNG, WebP… bytes.</param>
    /// <param name="maxSide">Longest side in pixels.</param>
    /// <param name="maxBytes">Byte budget.</param>
    public static DocumentPortrait? Create(ReadOnlySpan<byte> encodedImage, int maxSide = 48, int maxBytes = 480)
    {
        using var data = SKData.CreateCopy(encodedImage);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return null;
        }

        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return null;
        }

        using var oriented = ApplyOrientation(decoded, codec.EncodedOrigin);
        var scale = Math.Min(1f, (float)maxSide / Math.Max(oriented.Width, oriented.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(oriented.Width * scale)), Math.Max(1, (int)(oriented.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var small = oriented.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell));
        if (small is null)
        {
            return null;
        }

        using var image = SKImage.FromBitmap(small);
        for (var quality = 60; quality >= 5; quality -= 5)
        {
            using var encoded = image.Encode(SKEncodedImageFormat.Webp, quality);
            if (encoded is not null && encoded.Size <= maxBytes)
            {
                return new DocumentPortrait(encoded.ToArray(), ImageFormat.WebP);
            }
        }

        return null;
    }

    private static SKBitmap ApplyOrientation(SKBitmap source, SKEncodedOrigin origin)
    {
        var (rotate, swap) = origin switch
        {
            SKEncodedOrigin.BottomRight => (180f, false),
            SKEncodedOrigin.RightTop => (90f, true),
            SKEncodedOrigin.LeftBottom => (270f, true),
            _ => (0f, false),
        };
        if (rotate == 0f)
        {
            return source.Copy();
        }

        var rotated = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height);
        using var canvas = new SKCanvas(rotated);
        canvas.Translate(rotated.Width / 2f, rotated.Height / 2f);
        canvas.RotateDegrees(rotate);
        canvas.Translate(-source.Width / 2f, -source.Height / 2f);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        return rotated;
    }
}
