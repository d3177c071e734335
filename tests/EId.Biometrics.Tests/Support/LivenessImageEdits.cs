using System.Numerics;
using EId.Biometrics.Imaging;
using EId.Imaging;
using SkiaSharp;

namespace EId.Biometrics.Tests.Support;

/// <summary>Degradations and weak synthetic attacks made from real photos (RGBA pixel buffers; the caller disposes results).</summary>
internal static class LivenessImageEdits
{
    /// <summary>Decodes a file upright (EXIF applied).</summary>
    public static PixelBuffer Load(string path) =>
        new SkiaImageDecoder().Decode(File.ReadAllBytes(path)).TryGetValue(out var image, out var error) ? image : throw new InvalidOperationException(error.ToString());

    /// <summary>Rotates by <paramref name="degrees"/> (clockwise in the image) and shifts by (dx, dy) pixels about the centre.</summary>
    public static PixelBuffer Transform(PixelBuffer image, float degrees, float dx = 0, float dy = 0, float scale = 1)
    {
        var output = PixelBuffer.Rent(image.Width, image.Height, PixelFormat.Rgba32);
        var c = new Vector2(image.Width / 2f, image.Height / 2f);
        // destination → source: inverse of (rotate about the centre, scale, then shift).
        var forward = Matrix3x2.CreateTranslation(-c) * Matrix3x2.CreateScale(scale) * Matrix3x2.CreateRotation(degrees * MathF.PI / 180f) * Matrix3x2.CreateTranslation(c + new Vector2(dx, dy));
        Matrix3x2.Invert(forward, out var inverse);
        ImageSampler.Warp(image, inverse, output);
        return output;
    }

    /// <summary>Turns the pixels 90° anticlockwise (so EXIF orientation 6 turns them back).</summary>
    public static PixelBuffer RotateQuarter(PixelBuffer image)
    {
        var output = PixelBuffer.Rent(image.Height, image.Width, PixelFormat.Rgba32);
        // destination (u, v) shows source (W - 1 - v, u).
        ImageSampler.Warp(image, new Matrix3x2(0, 1, -1, 0, image.Width - 1, 0), output);
        return output;
    }

    /// <summary>Resizes to <paramref name="factor"/> of the size.</summary>
    public static PixelBuffer Resize(PixelBuffer image, float factor)
    {
        var w = Math.Max(1, (int)(image.Width * factor));
        var h = Math.Max(1, (int)(image.Height * factor));
        var output = PixelBuffer.Rent(w, h, PixelFormat.Rgba32);
        ImageSampler.Warp(image, ImageSampler.RectToRect(0, 0, image.Width, image.Height, w, h), output);
        return output;
    }

    /// <summary>Crops a rectangle given as fractions of the image.</summary>
    public static PixelBuffer Crop(PixelBuffer image, float x, float y, float w, float h)
    {
        var ow = (int)(image.Width * w);
        var oh = (int)(image.Height * h);
        var output = PixelBuffer.Rent(ow, oh, PixelFormat.Rgba32);
        ImageSampler.Warp(image, ImageSampler.RectToRect(image.Width * x, image.Height * y, ow, oh, ow, oh), output);
        return output;
    }

    /// <summary>Mirrors left-right.</summary>
    public static PixelBuffer Mirror(PixelBuffer image)
    {
        var output = PixelBuffer.Rent(image.Width, image.Height, PixelFormat.Rgba32);
        ImageSampler.Warp(image, new Matrix3x2(-1, 0, 0, 1, image.Width - 1, 0), output);
        return output;
    }

    /// <summary>Multiplies every colour by <paramref name="gain"/> and adds <paramref name="offset"/>.</summary>
    public static PixelBuffer Tone(PixelBuffer image, float gain, float offset = 0)
    {
        var output = image.Clone();
        var px = output.Pixels;
        for (var i = 0; i < px.Length; i++)
        {
            if (i % 4 != 3)
            {
                px[i] = (byte)Math.Clamp((px[i] * gain) + offset, 0, 255);
            }
        }

        return output;
    }

    /// <summary>Separable box blur with the given radius, applied three times (≈ Gaussian).</summary>
    public static PixelBuffer Blur(PixelBuffer image, int radius)
    {
        var a = image.Clone();
        for (var pass = 0; pass < 3; pass++)
        {
            BoxPass(a, radius, horizontal: true);
            BoxPass(a, radius, horizontal: false);
        }

        return a;
    }

    /// <summary>A weak replay attack: the photo shown inside a dark screen bezel, with a moiré-like sinusoidal overlay and JPEG recompression.</summary>
    public static byte[] ScreenReplay(PixelBuffer image, int jpegQuality = 35)
    {
        using var bezel = PixelBuffer.Rent(image.Width, image.Height, PixelFormat.Rgba32);
        bezel.Pixels.Fill(20);
        var inner = Matrix3x2.CreateScale(1 / 0.8f) * Matrix3x2.CreateTranslation(-0.125f * image.Width, -0.125f * image.Height);
        using (var screen = PixelBuffer.Rent(image.Width, image.Height, PixelFormat.Rgba32))
        {
            ImageSampler.Warp(image, inner, screen);
            var bx = (int)(0.1f * image.Width);
            var by = (int)(0.1f * image.Height);
            for (var y = by; y < image.Height - by; y++)
            {
                var row = bezel.Row(y);
                var src = screen.Row(y);
                for (var x = bx; x < image.Width - bx; x++)
                {
                    var moire = 18 * MathF.Sin((x * 0.9f) + (y * 0.35f)) * MathF.Sin(y * 0.8f);
                    for (var c = 0; c < 3; c++)
                    {
                        row[(4 * x) + c] = (byte)Math.Clamp(src[(4 * x) + c] + moire + 10, 0, 255);
                    }

                    row[(4 * x) + 3] = 255;
                }
            }
        }

        return Jpeg(bezel, jpegQuality);
    }

    /// <summary>Encodes as JPEG.</summary>
    public static byte[] Jpeg(PixelBuffer image, int quality = 90)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        image.Pixels[..(image.Width * 4 * image.Height)].CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    private static void BoxPass(PixelBuffer image, int radius, bool horizontal)
    {
        var w = image.Width;
        var h = image.Height;
        var lines = horizontal ? h : w;
        var length = horizontal ? w : h;
        var line = new float[length * 3];
        for (var l = 0; l < lines; l++)
        {
            for (var i = 0; i < length; i++)
            {
                var (x, y) = horizontal ? (i, l) : (l, i);
                var o = (y * image.Stride) + (x * 4);
                for (var c = 0; c < 3; c++)
                {
                    line[(3 * i) + c] = image.Pixels[o + c];
                }
            }

            for (var i = 0; i < length; i++)
            {
                var (x, y) = horizontal ? (i, l) : (l, i);
                var o = (y * image.Stride) + (x * 4);
                for (var c = 0; c < 3; c++)
                {
                    float sum = 0;
                    var n = 0;
                    for (var k = Math.Max(0, i - radius); k <= Math.Min(length - 1, i + radius); k++)
                    {
                        sum += line[(3 * k) + c];
                        n++;
                    }

                    image.Pixels[o + c] = (byte)(sum / n);
                }
            }
        }
    }
}
