using EId.Biometrics.Imaging;
using EId.Imaging;
using SkiaSharp;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Makes synthetic print, screen, resampling and planar-warp attacks from bona fide photos, deterministically from a seed.
/// They stand in for real attack captures where none are available; they are weaker evidence than real ones.
/// </summary>
public static class PresentationAttackSynthesizer
{
    private static readonly SKSamplingOptions Smooth = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Makes one attack image (JPEG) from an encoded photo; null when it cannot be decoded.</summary>
    /// <param name="photo">A bona fide photo (JPEG/PNG/WebP; EXIF orientation is applied).</param>
    /// <param name="kind">The attack to make.</param>
    /// <param name="seed">Seed of the random tilt, grain and moiré phase: the same seed makes the same image.</param>
    /// <returns>The attack as JPEG bytes, or null.</returns>
    public static byte[]? Make(ReadOnlySpan<byte> photo, SyntheticAttack kind, int seed)
    {
        if (!new SkiaImageDecoder().Decode(photo).TryGetValue(out var image, out _))
        {
            return null;
        }

        using var source = ToBitmap(image);
        var random = new Random(seed);
        using var attack = kind switch
        {
            SyntheticAttack.Print => Print(source, random),
            SyntheticAttack.Screen => Screen(source, random),
            SyntheticAttack.Resampled => Resampled(source, random),
            _ => Tilted(source, random, background: new SKColor(70, 66, 60)),
        };
        using var data = attack.Encode(SKEncodedImageFormat.Jpeg, kind == SyntheticAttack.Resampled ? 60 : 85);
        return data.ToArray();
    }

    private static SKBitmap Print(SKBitmap source, Random random)
    {
        using var printed = source.Copy();
        var px = printed.Pixels;
        for (var i = 0; i < px.Length; i++)
        {
            var c = px[i];
            // Ink on paper: no deep black, no pure white, less saturation; halftone and paper grain.
            var x = i % printed.Width;
            var y = i / printed.Width;
            var dot = 6 * MathF.Sin(x * 1.9f) * MathF.Sin(y * 1.9f);
            var grain = (float)((random.NextDouble() - 0.5) * 14);
            px[i] = new SKColor(Ink(c.Red, c, dot + grain), Ink(c.Green, c, dot + grain), Ink(c.Blue, c, dot + grain));
        }

        printed.Pixels = px;
        return Tilted(printed, random, new SKColor(150, 140, 125));
    }

    private static byte Ink(byte channel, SKColor c, float noise)
    {
        var grey = (c.Red + c.Green + c.Blue) / 3f;
        var desaturated = grey + (0.75f * (channel - grey));
        return (byte)Math.Clamp(28 + (desaturated * 0.8f) + noise, 0, 255);
    }

    private static SKBitmap Screen(SKBitmap source, Random random)
    {
        using var screen = new SKBitmap(source.Width, source.Height);
        using (var canvas = new SKCanvas(screen))
        {
            canvas.Clear(new SKColor(12, 12, 14));
            var inset = new SKRect(source.Width * 0.08f, source.Height * 0.06f, source.Width * 0.92f, source.Height * 0.94f);
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, inset, Smooth);
        }

        var px = screen.Pixels;
        var phase = (float)(random.NextDouble() * 6.28);
        var freq = 0.7f + (float)(random.NextDouble() * 0.5);
        for (var i = 0; i < px.Length; i++)
        {
            var c = px[i];
            var x = i % screen.Width;
            var y = i / screen.Width;
            // RGB stripes of the panel, moiré from the camera grid beating against them, a glare band, a cool cast.
            var stripe = (x % 3) switch { 0 => (1.08f, 0.95f, 0.95f), 1 => (0.95f, 1.08f, 0.95f), _ => (0.95f, 0.95f, 1.08f) };
            var moire = 16 * MathF.Sin((x * freq) + (y * 0.31f) + phase) * MathF.Sin(y * 0.77f);
            var glare = 40 * MathF.Exp(-MathF.Pow((x - (0.7f * screen.Width) + (0.4f * y)) / (0.12f * screen.Width), 2));
            px[i] = new SKColor(
                Clamp((c.Red * stripe.Item1 * 0.92f) + moire + glare),
                Clamp((c.Green * stripe.Item2 * 0.97f) + moire + glare),
                Clamp((c.Blue * stripe.Item3 * 1.06f) + moire + glare + 6));
        }

        screen.Pixels = px;
        return Tilted(screen, random, new SKColor(40, 38, 36));
    }

    private static SKBitmap Resampled(SKBitmap source, Random random)
    {
        var factor = 0.18f + (float)(random.NextDouble() * 0.1);
        using var small = source.Resize(new SKImageInfo(Math.Max(8, (int)(source.Width * factor)), Math.Max(8, (int)(source.Height * factor))), new SKSamplingOptions(SKFilterMode.Nearest));
        return small.Resize(new SKImageInfo(source.Width, source.Height), new SKSamplingOptions(SKFilterMode.Nearest));
    }

    private static SKBitmap Tilted(SKBitmap source, Random random, SKColor background)
    {
        var w = source.Width;
        var h = source.Height;
        var output = new SKBitmap(w, h);
        using var canvas = new SKCanvas(output);
        canvas.Clear(background);
        // Held up at an angle: a perspective that shrinks one side, a small roll, and the photo filling most of the frame.
        float J(double a) => (float)((random.NextDouble() - 0.5) * 2 * a);
        var src = new[] { new SKPoint(0, 0), new SKPoint(w, 0), new SKPoint(w, h), new SKPoint(0, h) };
        var dst = new[]
        {
            new SKPoint((0.06f + J(0.04)) * w, (0.05f + J(0.04)) * h), new SKPoint((0.94f + J(0.04)) * w, (0.09f + J(0.05)) * h),
            new SKPoint((0.91f + J(0.04)) * w, (0.93f + J(0.04)) * h), new SKPoint((0.08f + J(0.04)) * w, (0.96f + J(0.03)) * h),
        };
        canvas.SetMatrix(Perspective(src, dst));
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, Smooth);
        return output;
    }

    /// <summary>The homography taking four source points onto four destination points (the fit the 3-D motion check uses).</summary>
    private static SKMatrix Perspective(SKPoint[] s, SKPoint[] d)
    {
        Span<double> h = stackalloc double[9];
        if (!PlanarMotion.TryFitHomography([.. s.Select(p => new Faces.FacePoint(p.X, p.Y))], [.. d.Select(p => new Faces.FacePoint(p.X, p.Y))], h))
        {
            return SKMatrix.Identity;
        }

        return new SKMatrix((float)h[0], (float)h[1], (float)h[2], (float)h[3], (float)h[4], (float)h[5], (float)h[6], (float)h[7], (float)h[8]);
    }

    private static byte Clamp(float v) => (byte)Math.Clamp(v, 0, 255);

    private static SKBitmap ToBitmap(PixelBuffer image)
    {
        using (image)
        {
            var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            var row = image.Width * 4;
            var target = bitmap.GetPixelSpan();
            for (var y = 0; y < image.Height; y++)
            {
                image.Row(y)[..row].CopyTo(target.Slice(y * row, row));
            }

            return bitmap;
        }
    }
}
