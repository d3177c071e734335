using System.Globalization;
using System.Text;
using EId.Biometrics.Liveness;
using EId.Biometrics.Tests.Support;
using EId.Imaging;
using SkiaSharp;

namespace EId.Biometrics.Tests;

/// <summary>
/// The experiment that chose the PAD input conventions (channel order, EXIF): scores every bona fide photo under each
/// variant and writes a table. Explicit: run it with <c>--filter-trait</c> or by name when re-calibrating.
/// </summary>
public sealed class LivenessCalibrationExperiment(PipelineFixture fixture)
{
    [Fact(Explicit = true)]
    public void ScoreVariantsOnBonaFidePhotos()
    {
        var photos = LivenessTestData.BonaFidePhotos();
        var detector = fixture.RequirePipeline().Detector;
        var variants = new (string Name, PadModelProfile Profile)[]
        {
            ("fr_liveness BGR raw", PadModelProfile.FrLiveness with { Input = PadModelProfile.FrLiveness.Input with { Order = ChannelOrder.Bgr } }),
            ("fr_liveness RGB raw", PadModelProfile.FrLiveness with { Input = PadModelProfile.FrLiveness.Input with { Order = ChannelOrder.Rgb } }),
            ("fr_liveness BGR 1.0x", PadModelProfile.FrLiveness with { CropScale = 1.0f }),
            ("antispoof RGB", PadModelProfile.AntiSpoof),
            ("antispoof BGR", PadModelProfile.AntiSpoof with { Input = PadModelProfile.AntiSpoof.Input with { Order = ChannelOrder.Bgr } }),
            ("antispoof RGB 1.5x", PadModelProfile.AntiSpoof with { CropScale = 1.5f }),
            ("liveness RGB", PadModelProfile.Liveness),
            ("liveness RGB 1.5x", PadModelProfile.Liveness with { CropScale = 1.5f }),
        };
        var models = variants.Select(v => new PadModel(LivenessTestData.Pad(v.Profile.Kind) is not null ? fixture.Locator.GetPath(v.Profile.ModelName) : string.Empty, v.Profile)).ToArray();
        var scores = variants.Select(_ => new List<float>()).ToArray();
        var noExif = variants.Select(_ => new List<float>()).ToArray();
        var text = new StringBuilder();
        foreach (var photo in photos)
        {
            var bytes = File.ReadAllBytes(photo);
            if (!fixture.Decoder.Decode(bytes).TryGetValue(out var image, out _))
            {
                continue;
            }

            using (image)
            using (var raw = DecodeIgnoringExif(bytes))
            {
                var face = EId.Biometrics.Detection.SubjectSelection.Choose(detector.Detect(image));
                var rawFace = EId.Biometrics.Detection.SubjectSelection.Choose(detector.Detect(raw));
                for (var v = 0; v < variants.Length; v++)
                {
                    if (face is not null)
                    {
                        scores[v].Add(models[v].Score(image, face.Box));
                    }

                    if (rawFace is not null)
                    {
                        noExif[v].Add(models[v].Score(raw, rawFace.Box));
                    }
                }

                text.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(photo)}: {string.Join(' ', Enumerable.Range(0, variants.Length).Select(v => face is null ? "-" : scores[v][^1].ToString("0.00", CultureInfo.InvariantCulture)))}\n");
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            var s = scores[v].Order().ToArray();
            text.Append(CultureInfo.InvariantCulture, $"{variants[v].Name}: n={s.Length} mean={s.Average():0.000} p5={s[(int)(0.05 * s.Length)]:0.000} min={s[0]:0.000} below0.5={s.Count(x => x < 0.5f)} | noexif mean={noExif[v].Average():0.000} below0.5={noExif[v].Count(x => x < 0.5f)}\n");
        }

        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "eid-liveness"));
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "eid-liveness", "variants.txt"), text.ToString());
        foreach (var m in models)
        {
            m.Dispose();
        }

        Assert.NotEmpty(scores[0]);
    }

    private static PixelBuffer DecodeIgnoringExif(byte[] bytes)
    {
        using var bitmap = SKBitmap.Decode(bytes).Copy(SKColorType.Rgba8888);
        var buffer = PixelBuffer.Rent(bitmap.Width, bitmap.Height, PixelFormat.Rgba32);
        bitmap.GetPixelSpan().CopyTo(buffer.Pixels);
        return buffer;
    }
}
