using BenchmarkDotNet.Attributes;
using EId.Biometrics.Detection;
using EId.Biometrics.Imaging;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Faces;
using EId.Imaging;

namespace EId.Benchmarks.Liveness;

/// <summary>Passive PAD per frame for each model, the face already located (crop, resample, inference, softmax).</summary>
[MemoryDiagnoser]
public class PadModelBenchmarks
{
    private PadModel _model = null!;
    private PixelBuffer _photo = null!;
    private FaceBox _box;

    /// <summary>The PAD model timed.</summary>
    [Params(PadModelKind.FrLiveness, PadModelKind.AntiSpoof, PadModelKind.Liveness)]
    public PadModelKind Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var locator = new ModelLocator();
        var profile = PadModelProfile.For(Model);
        _model = new PadModel(locator.GetPath(profile.ModelName), profile, 1);
        _photo = new SkiaImageDecoder().Decode(LivenessSamples.Photo()).GetValueOrThrow();
        using var detector = new FrDetectFaceDetector(locator.GetPath(FaceModelNames.FrDetect), intraOpThreads: 1);
        _box = SubjectSelection.Choose(detector.Detect(_photo))?.Box ?? new FaceBox(_photo.Width / 4f, _photo.Height / 4f, _photo.Width / 2f, _photo.Height / 2f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _photo.Dispose();
    }

    /// <summary>One model on one frame.</summary>
    [Benchmark]
    public float PadPerFrame() => _model.Score(_photo, _box);
}
