using SkiaSharp;

namespace EId.ModelImport.Fixtures;

/// <summary>
/// A real-face fixture input derived at run time from a shared photo (photos may not be committed):
/// the central 150×150 region of a 250×250 LFW image (where LFW centres the face), resized to the
/// model's input size, as NHWC RGB floats scaled to [min, max].
/// </summary>
public static class FaceCropInput
{
    /// <summary>The LFW image used, relative to the shared <c>faces/</c> folder.</summary>
    public const string SharedImage = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg";

    /// <summary>The crop as NHWC floats (1×size×size×3).</summary>
    /// <exception cref="InvalidOperationException">The image cannot be decoded.</exception>
    public static float[] Create(string imagePath, int size, double min, double max)
    {
        using var source = SKBitmap.Decode(imagePath) ?? throw new InvalidOperationException($"Cannot decode {Path.GetFileName(imagePath)}.");
        var side = Math.Min(source.Width, source.Height) * 3 / 5;
        var crop = SKRectI.Create((source.Width - side) / 2, (source.Height - side) / 2, side, side);
        using var cropped = new SKBitmap(side, side, SKColorType.Rgba8888, SKAlphaType.Premul);
        if (!source.ExtractSubset(cropped, crop))
        {
            throw new InvalidOperationException("Cannot crop the image.");
        }

        using var resized = cropped.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
            ?? throw new InvalidOperationException("Cannot resize the image.");
        var values = new float[size * size * 3];
        var pixels = resized.Pixels;
        for (var i = 0; i < size * size; i++)
        {
            var p = pixels[i];
            values[(i * 3) + 0] = (float)(min + ((max - min) * p.Red / 255.0));
            values[(i * 3) + 1] = (float)(min + ((max - min) * p.Green / 255.0));
            values[(i * 3) + 2] = (float)(min + ((max - min) * p.Blue / 255.0));
        }

        return values;
    }
}
