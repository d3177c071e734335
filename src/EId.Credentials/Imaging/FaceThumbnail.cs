using EId.Documents;
using SkiaSharp;

namespace EId.Credentials.Imaging;

/// <summary>
/// Down-scales a portrait to a small WebP for claim 62, lowering quality until it fits a byte budget,
/// so that the whole credential stays within a scannable QR (see the package README for the target). Given the face's
/// region it crops a square of <see cref="FaceCropScale"/> times the face around it first: shrinking a whole photo leaves
/// a face too small to recognise.
/// </summary>
public static class FaceThumbnail
{
    /// <summary>Side of the face crop as a multiple of the face box's longer side (measured: see CredentialIssuerOptions).</summary>
    public const float FaceCropScale = 1.4f;

    /// <summary>Creates the thumbnail of a whole image, or null when the image cannot be decoded.</summary>
    /// <param name="encodedImage">JPEG, PNG, WebP… bytes.</param>
    /// <param name="maxSide">Longest side in pixels.</param>
    /// <param name="maxBytes">Byte budget.</param>
    /// <returns>The thumbnail, or null.</returns>
    public static DocumentPortrait? Create(ReadOnlySpan<byte> encodedImage, int maxSide = 64, int maxBytes = 800) => Create(encodedImage, null, maxSide, maxBytes);

    /// <summary>Creates the thumbnail of the face in <paramref name="face"/> (the whole image when null), or null when the image cannot be decoded.</summary>
    /// <param name="encodedImage">JPEG, PNG, WebP… bytes.</param>
    /// <param name="face">The face's box in the upright image's pixels (EXIF orientation applied), or null.</param>
    /// <param name="maxSide">Longest side in pixels.</param>
    /// <param name="maxBytes">Byte budget.</param>
    /// <returns>The thumbnail, or null.</returns>
    public static DocumentPortrait? Create(ReadOnlySpan<byte> encodedImage, Faces.FaceBox? face, int maxSide = 64, int maxBytes = 800)
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
        var region = face is { } box ? FaceSquare(box, oriented.Width, oriented.Height) : new SKRect(0, 0, oriented.Width, oriented.Height);
        var scale = Math.Min(1f, maxSide / Math.Max(region.Width, region.Height));
        using var small = new SKBitmap(new SKImageInfo(Math.Max(1, (int)(region.Width * scale)), Math.Max(1, (int)(region.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(small))
        using (var source = SKImage.FromBitmap(oriented))
        {
            canvas.Clear(SKColors.Gray);
            canvas.DrawImage(source, region, new SKRect(0, 0, small.Width, small.Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
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

    // A square of FaceCropScale × the box's longer side, centred on the face and kept inside the image where it fits.
    private static SKRect FaceSquare(Faces.FaceBox box, int width, int height)
    {
        var side = Math.Min(Math.Max(box.Width, box.Height) * FaceCropScale, Math.Min(width, height));
        var left = Math.Clamp(box.X + (box.Width / 2) - (side / 2), 0, width - side);
        var top = Math.Clamp(box.Y + (box.Height / 2) - (side / 2), 0, height - side);
        return new SKRect(left, top, left + side, top + side);
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
