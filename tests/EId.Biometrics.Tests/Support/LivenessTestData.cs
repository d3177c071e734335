using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Imaging;
using EId.Testing;

namespace EId.Biometrics.Tests.Support;

/// <summary>Shared inputs of the liveness and quality tests: the bona fide photos and the PAD models.</summary>
internal static class LivenessTestData
{
    private static readonly Lazy<PadModel?[]> Models = new(() =>
    {
        var locator = new ModelLocator(Path.Combine(SharedData.RepoRoot, ".cache", "models"));
        return [.. Enum.GetValues<PadModelKind>().Select(k =>
        {
            var profile = PadModelProfile.For(k);
            return locator.TryGetPath(profile.ModelName, out var path) ? new PadModel(path, profile) : null;
        })];
    });

    /// <summary>Every single-subject real photo in ../shared/faces (skips without shared data): face_recognition (labelled) and the LFW subset.</summary>
    public static IReadOnlyList<string> BonaFidePhotos()
    {
        var root = Path.GetDirectoryName(SharedData.Require("faces/manifest.csv"))!;
        var labelled = Directory.EnumerateFiles(Path.Combine(root, "face_recognition"), "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains("_multiface", StringComparison.Ordinal) && !p.Contains("_unlabeled", StringComparison.Ordinal));
        var lfw = Directory.EnumerateFiles(Path.Combine(root, "lfw-subset"), "*.jpg", SearchOption.AllDirectories);
        return [.. labelled.Concat(lfw).Where(IsImage).Order(StringComparer.Ordinal)];
    }

    /// <summary>A PAD model, or skips when the models are not built.</summary>
    public static PadModel Pad(PadModelKind kind)
    {
        var model = Models.Value[(int)kind - 1];
        Assert.SkipWhen(model is null, $"{PadModelProfile.For(kind).ModelName} is not in .cache/models (build EId.Biometrics.Models).");
        return model!;
    }

    /// <summary>The shipped passive check (the default models and threshold of <see cref="LivenessOptions"/>).</summary>
    public static PassiveLivenessCheck ShippedCheck(PipelineFixture fixture)
    {
        fixture.RequirePipeline();
        var options = new LivenessOptions();
        return new PassiveLivenessCheck(fixture.Decoder, fixture.Detector!, [.. options.PassiveModels.Select(Pad)], options.PassiveThreshold);
    }

    /// <summary>Reports a measured number: test diagnostics and a line in <c>$TMPDIR/eid-liveness/measured.txt</c>.</summary>
    public static void Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        var folder = Path.Combine(Path.GetTempPath(), "eid-liveness");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "measured.txt"), $"{DateTimeOffset.UtcNow:O} {line}\n");
    }

    /// <summary>A one-frame capture of an encoded image.</summary>
    public static FaceCapture Capture(byte[] encoded) => new([new FaceFrame(encoded, TimeSpan.Zero)]);

    /// <summary>A capture of raw RGBA frames taken at <paramref name="interval"/>.</summary>
    public static FaceCapture Capture(IReadOnlyList<PixelBuffer> frames, TimeSpan interval) =>
        new([.. frames.Select((f, i) => new FaceFrame(ToArray(f), interval * i) { Raw = new RawFrameLayout(f.Width, f.Height, f.Width * f.BytesPerPixel, f.Format) })]);

    private static byte[] ToArray(PixelBuffer image)
    {
        var data = new byte[image.Width * image.BytesPerPixel * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            image.Row(y).CopyTo(data.AsSpan(y * image.Width * image.BytesPerPixel));
        }

        return data;
    }

    private static bool IsImage(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png";
}
