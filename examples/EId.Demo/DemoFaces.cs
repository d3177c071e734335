using EId.Biometrics.Pipeline;
using EId.Faces;
using EId.Imaging;
using SkiaSharp;

namespace EId.Demo;

/// <summary>The face material the demo derives from the sample photos: registry portraits and the live frames.</summary>
/// <param name="Portraits">Cropped portraits, one per usable sample; the first belongs to the demo citizen.</param>
/// <param name="LiveFrames">Paths of the live frames written for the demo citizen.</param>
/// <param name="Provenance">An honest sentence on where the live frames come from.</param>
public sealed record DemoFaces(IReadOnlyList<byte[]> Portraits, IReadOnlyList<string> LiveFrames, string Provenance)
{
    // Stricter than the match threshold: two unlabelled photos only count as one person when the model is confident.
    private const float SamePersonScore = 0.5f;

    // Faces smaller than this make poor portraits and unreliable pair evidence.
    private const float MinFaceWidth = 60;

    /// <summary>Finds every face in the samples, crops portraits and writes the live frames to <paramref name="framesFolder"/>.</summary>
    public static DemoFaces Prepare(IReadOnlyList<string> samples, FacePipeline pipeline, IFaceMatcher matcher, string framesFolder, Action<string> say)
    {
        // Every face of every photo (the samples are group photos), so that a person seen in two photos is found.
        var faces = new List<(int Photo, FaceBox Box, FaceTemplate Template, bool Subject)>();
        var bytes = samples.Select(File.ReadAllBytes).ToArray();
        for (var p = 0; p < samples.Count; p++)
        {
            using var image = Decode(pipeline, bytes[p]);
            var detections = pipeline.Detector.Detect(image).Where(d => d.Box.Width >= MinFaceWidth).ToList();
            var subject = detections.Count == 0 ? null : detections.MaxBy(d => d.Box.Area);
            foreach (var detection in detections)
            {
                faces.Add((p, detection.Box, pipeline.Embedder.Embed(image, pipeline.Locate(image, detection)), ReferenceEquals(detection, subject)));
            }

            say($"  {Path.GetFileName(samples[p])}: {detections.Count} face(s) of at least {MinFaceWidth} px");
        }

        if (!faces.Any(f => f.Subject))
        {
            throw new InvalidOperationException("No sample photo has a usable face.");
        }

        // The most similar two faces of two different photos.
        (int A, int B, float Score)? best = null;
        for (var i = 0; i < faces.Count; i++)
        {
            for (var j = i + 1; j < faces.Count; j++)
            {
                if (faces[i].Photo == faces[j].Photo)
                {
                    continue;
                }

                var score = matcher.Similarity(faces[i].Template, faces[j].Template);
                if (best is null || score > best.Value.Score)
                {
                    best = (i, j, score);
                }
            }
        }

        Directory.CreateDirectory(framesFolder);
        foreach (var old in Directory.GetFiles(framesFolder, "live-*.jpg"))
        {
            File.Delete(old);
        }

        var frames = new List<string>();
        int person;
        string provenance;
        if (best is { Score: >= SamePersonScore } pair)
        {
            person = pair.A;
            var probe = faces[pair.B];
            using var image = Decode(pipeline, bytes[probe.Photo]);
            // A square window about 3.2 face widths wide: the other people in the group photo stay out of the "camera",
            // and the PAD model still sees the 2.7× context around the face it is fed (tighter crops read as spoofs).
            frames.Add(Write(framesFolder, "live-1.jpg", Variant(image, probe.Box, 1.0f, 0, 0, 1.0f)));
            frames.Add(Write(framesFolder, "live-2.jpg", Variant(image, probe.Box, 0.97f, 0.03f, 0, 1.05f)));
            provenance = $"live frames come from a DIFFERENT photo ({Path.GetFileName(samples[probe.Photo])}) than the registry portrait ({Path.GetFileName(samples[faces[person].Photo])}); "
                + $"the samples carry no identity labels: the face model judges the two faces one person (similarity {pair.Score:0.00} >= {SamePersonScore:0.00})";
        }
        else
        {
            person = faces.FindIndex(f => f.Subject);
            var source = faces[person];
            using var image = Decode(pipeline, bytes[source.Photo]);
            frames.Add(Write(framesFolder, "live-1.jpg", Variant(image, source.Box, 1.0f, 0.04f, 0.02f, 0.95f)));
            frames.Add(Write(framesFolder, "live-2.jpg", Variant(image, source.Box, 0.97f, -0.05f, 0, 1.05f)));
            frames.Add(Write(framesFolder, "live-3.jpg", Variant(image, source.Box, 1.0f, 0, -0.04f, 1.0f)));
            provenance = $"no face appears in two samples (best cross-photo similarity {best?.Score ?? float.NaN:0.00} < {SamePersonScore:0.00} over {faces.Count} faces); "
                + $"the live frames are DERIVED from the same photo as the portrait ({Path.GetFileName(samples[source.Photo])}) with small shifts, scales and brightness changes";
        }

        // The demo citizen first, then the subject of every photo that is not the live frames' source.
        var portraits = new List<byte[]>();
        var excluded = best is { Score: >= SamePersonScore } used ? faces[used.B].Photo : -1;
        foreach (var index in new[] { person }.Concat(Enumerable.Range(0, faces.Count).Where(i => faces[i].Subject && i != person && faces[i].Photo != excluded && faces[i].Photo != faces[person].Photo)))
        {
            using var image = Decode(pipeline, bytes[faces[index].Photo]);
            portraits.Add(Portrait(image, faces[index].Box));
        }

        return new DemoFaces(portraits, frames, provenance);
    }

    private static PixelBuffer Decode(FacePipeline pipeline, byte[] bytes) =>
        pipeline.Decoder.Decode(bytes).GetValueOrThrow();

    /// <summary>An ID-photo style crop (3:4, face with margin), at most 358 px wide like a card photo.</summary>
    private static byte[] Portrait(PixelBuffer image, FaceBox face)
    {
        var width = face.Width * 1.8f;
        var height = width * 4 / 3;
        var centre = face.Center;
        var region = Clamp(image, centre.X - (width / 2), centre.Y - (height * 0.45f), width, height);
        return Encode(image, region, 358, 1.0f);
    }

    /// <summary>A camera-like frame around the face: window scaled by <paramref name="scale"/>, shifted by face widths, brightness gain.</summary>
    private static byte[] Variant(PixelBuffer image, FaceBox face, float scale, float shiftX, float shiftY, float gain)
    {
        var width = face.Width * 3.2f * scale;
        var height = width;
        var centre = face.Center;
        var region = Clamp(image, centre.X - (width / 2) + (shiftX * face.Width), centre.Y - (height / 2) + (shiftY * face.Width), width, height);
        return Encode(image, region, 640, gain);
    }

    private static SKRectI Clamp(PixelBuffer image, float x, float y, float width, float height)
    {
        var left = (int)Math.Clamp(x, 0, image.Width - 2);
        var top = (int)Math.Clamp(y, 0, image.Height - 2);
        var right = (int)Math.Clamp(x + width, left + 1, image.Width);
        var bottom = (int)Math.Clamp(y + height, top + 1, image.Height);
        return new SKRectI(left, top, right, bottom);
    }

    private static byte[] Encode(PixelBuffer image, SKRectI region, int maxWidth, float gain)
    {
        if (image.Format != PixelFormat.Rgba32)
        {
            throw new InvalidOperationException($"Expected RGBA pixels from the decoder, got {image.Format}.");
        }

        using var full = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = full.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            image.Row(y).CopyTo(pixels.Slice(y * full.RowBytes, image.Width * 4));
        }

        using var subset = new SKBitmap();
        if (!full.ExtractSubset(subset, region))
        {
            throw new InvalidOperationException("Crop region outside the image.");
        }

        var scale = Math.Min(1f, maxWidth / (float)region.Width);
        var info = new SKImageInfo(Math.Max(1, (int)(region.Width * scale)), Math.Max(1, (int)(region.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = subset.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
            ?? throw new InvalidOperationException("Resize failed.");
        if (gain != 1.0f)
        {
            var data = resized.GetPixelSpan();
            for (var i = 0; i < data.Length; i++)
            {
                if (i % 4 != 3)
                {
                    data[i] = (byte)Math.Clamp(data[i] * gain, 0, 255);
                }
            }
        }

        using var encoded = SKImage.FromBitmap(resized).Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }

    private static string Write(string folder, string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
