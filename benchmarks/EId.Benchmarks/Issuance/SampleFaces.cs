using EId.Biometrics.Pipeline;
using EId.Faces;
using EId.Imaging;
using SkiaSharp;

namespace EId.Benchmarks.Issuance;

/// <summary>
/// A registry portrait and two live frames cut from the face-api sample photos (<c>.cache/face-api/sample*.jpg</c>, extracted
/// by the model import): the two most similar faces of two different photos when the model judges them one person
/// (the kiosk demo's idea), else two shifted crops of the same face.
/// </summary>
/// <param name="Portrait">ID-photo style JPEG (3:4, at most 358 px wide).</param>
/// <param name="LiveFrames">Camera-like JPEG frames (4:3, at most 640 px wide).</param>
/// <param name="Provenance">Where the frames come from.</param>
internal sealed record SampleFaces(byte[] Portrait, IReadOnlyList<byte[]> LiveFrames, string Provenance)
{
    private const float SamePersonScore = 0.5f;
    private const float MinFaceWidth = 60;

    /// <summary>The sample photos, searched upwards from the current folder, then from the benchmark's folder.</summary>
    /// <exception cref="InvalidOperationException">No sample photos found.</exception>
    public static IReadOnlyList<string> Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var folder = Path.Combine(dir.FullName, ".cache", "face-api");
                if (Directory.Exists(folder) && Directory.GetFiles(folder, "sample*.jpg") is { Length: > 0 } files)
                {
                    return [.. files.Order(StringComparer.Ordinal)];
                }
            }
        }

        throw new InvalidOperationException("No .cache/face-api/sample*.jpg above the current or the benchmark's folder: run from the repository (the model import extracts them).");
    }

    /// <summary>Finds the faces and cuts the portrait and frames.</summary>
    /// <exception cref="InvalidOperationException">No usable face in the samples.</exception>
    public static SampleFaces Prepare(IReadOnlyList<string> samples, FacePipeline pipeline, IFaceMatcher matcher)
    {
        var faces = new List<(int Photo, FaceBox Box, FaceTemplate Template)>();
        for (var p = 0; p < samples.Count; p++)
        {
            using var image = pipeline.Decoder.Decode(File.ReadAllBytes(samples[p])).GetValueOrThrow();
            foreach (var detection in pipeline.Detector.Detect(image).Where(d => d.Box.Width >= MinFaceWidth))
            {
                faces.Add((p, detection.Box, pipeline.Embedder.Embed(image, pipeline.Locate(image, detection))));
            }
        }

        if (faces.Count == 0)
        {
            throw new InvalidOperationException("No usable face in the sample photos.");
        }

        (int A, int B, float Score) best = (0, 0, float.NegativeInfinity);
        for (var i = 0; i < faces.Count; i++)
        {
            for (var j = i + 1; j < faces.Count; j++)
            {
                if (faces[i].Photo != faces[j].Photo && matcher.Similarity(faces[i].Template, faces[j].Template) is var score && score > best.Score)
                {
                    best = (i, j, score);
                }
            }
        }

        var sameFace = best.Score < SamePersonScore;
        var reference = sameFace ? faces.MaxBy(f => f.Box.Area) : faces[best.A];
        var live = sameFace ? reference : faces[best.B];
        byte[] portrait;
        using (var image = pipeline.Decoder.Decode(File.ReadAllBytes(samples[reference.Photo])).GetValueOrThrow())
        {
            var width = reference.Box.Width * 1.8f;
            var height = width * 4 / 3;
            portrait = Crop(image, reference.Box.Center.X - (width / 2), reference.Box.Center.Y - (height * 0.45f), width, height, 358);
        }

        var frames = new List<byte[]>();
        using (var image = pipeline.Decoder.Decode(File.ReadAllBytes(samples[live.Photo])).GetValueOrThrow())
        {
            // Square windows about 3.2 face widths wide, as the kiosk demo's: other people in the group photo stay out of
            // the "camera", and the PAD model keeps the context it needs (tighter crops read as spoofs to fr_liveness).
            foreach (var (scale, shift) in new[] { (1.0f, 0f), (0.97f, 0.03f) })
            {
                var width = live.Box.Width * 3.2f * scale;
                var height = width;
                frames.Add(Crop(image, live.Box.Center.X - (width / 2) + (shift * live.Box.Width), live.Box.Center.Y - (height / 2), width, height, 640));
            }
        }

        var provenance = sameFace
            ? $"live frames cut from the portrait's own photo ({Path.GetFileName(samples[reference.Photo])}): no cross-photo pair reached {SamePersonScore}"
            : $"portrait from {Path.GetFileName(samples[reference.Photo])}, live frames from {Path.GetFileName(samples[live.Photo])} (similarity {best.Score:0.00})";
        return new SampleFaces(portrait, frames, provenance);
    }

    private static byte[] Crop(PixelBuffer image, float x, float y, float width, float height, int maxWidth)
    {
        if (image.Format != PixelFormat.Rgba32)
        {
            throw new InvalidOperationException($"Expected RGBA pixels from the decoder, got {image.Format}.");
        }

        var left = (int)Math.Clamp(x, 0, image.Width - 2);
        var top = (int)Math.Clamp(y, 0, image.Height - 2);
        var region = new SKRectI(left, top, (int)Math.Clamp(x + width, left + 1, image.Width), (int)Math.Clamp(y + height, top + 1, image.Height));
        using var full = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = full.GetPixelSpan();
        for (var row = 0; row < image.Height; row++)
        {
            image.Row(row)[..(image.Width * 4)].CopyTo(pixels.Slice(row * full.RowBytes, image.Width * 4));
        }

        using var subset = new SKBitmap();
        if (!full.ExtractSubset(subset, region))
        {
            throw new InvalidOperationException("Crop outside the image.");
        }

        var scale = Math.Min(1f, maxWidth / (float)region.Width);
        var info = new SKImageInfo(Math.Max(1, (int)(region.Width * scale)), Math.Max(1, (int)(region.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = subset.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)) ?? throw new InvalidOperationException("Resize failed.");
        using var frame = SKImage.FromBitmap(resized);
        using var encoded = frame.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }
}
