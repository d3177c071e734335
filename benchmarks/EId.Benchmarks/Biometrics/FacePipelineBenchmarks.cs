using BenchmarkDotNet.Attributes;
using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;
using EId.Biometrics.Matching;
using EId.Biometrics.Pipeline;
using EId.Benchmarks.Liveness;
using EId.Documents;
using EId.Faces;
using EId.Imaging;

namespace EId.Benchmarks.Biometrics;

/// <summary>
/// The face pipeline's costs: 1:1 compare, detection per image, embedding per face (batch 1 and 8) and a whole verification
/// (portrait + live frame, and with a cached portrait template). Needs the models in .cache/models; uses the face-api sample
/// photo from .cache/face-api when present, else a synthetic image (detection then finds nothing, which still times the model).
/// </summary>
[MemoryDiagnoser]
public class FacePipelineBenchmarks
{
    private readonly SkiaImageDecoder _decoder = new();
    private FrFaceModels _models = null!;
    private FrDetectFaceDetector _detector = null!;
    private OnnxFaceEmbedder _embedder = null!;
    private FacePipeline _pipeline = null!;
    private FaceVerifier _verifier = null!;
    private PixelBuffer _photo = null!;
    private byte[] _portraitBytes = [];
    private FaceFrame _liveFrame = null!;
    private FaceTemplate _template = null!;
    private FaceTemplate _other = null!;
    private AlignedFaceRequest[] _batch8 = [];
    private DocumentPortrait _portrait = null!;

    [GlobalSetup]
    public void Setup()
    {
        _models = new FrFaceModels();
        _detector = _models.Detector;
        _embedder = _models.Embedder;
        _pipeline = new FacePipeline(_decoder, _detector, _models.Landmarker, _embedder);
        _verifier = new FaceVerifier(_pipeline, new CosineFaceMatcher(MatchThresholds.FrFeature));

        var sample = FindSample();
        _portraitBytes = sample is null ? LivenessSamples.Synthetic() : File.ReadAllBytes(sample);
        _photo = _decoder.Decode(_portraitBytes).GetValueOrThrow();
        _portrait = new DocumentPortrait(_portraitBytes, ImageFormat.Jpeg);
        _liveFrame = new FaceFrame(_portraitBytes, TimeSpan.Zero);

        var face = SubjectSelection.Choose(_detector.Detect(_photo)) ?? new FaceDetection(new FaceBox(_photo.Width / 4f, _photo.Height / 4f, _photo.Width / 2f, _photo.Height / 2f), 1);
        var five = _pipeline.Locate(_photo, face);
        _batch8 = [.. Enumerable.Repeat(new AlignedFaceRequest(_photo, five), 8)];
        _template = _embedder.Embed(_photo, five);
        var random = new Random(1);
        _other = new FaceTemplate(_template.ModelId, Enumerable.Range(0, _template.Dimension).Select(_ => (float)random.NextDouble()).ToArray());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _photo.Dispose();
        _models.Dispose();
    }

    [Benchmark]
    public float Compare1To1() => new CosineFaceMatcher(MatchThresholds.FrFeature).Compare(_template, _other).Score;

    [Benchmark]
    public int Decode() { using var image = _decoder.Decode(_portraitBytes).GetValueOrThrow(); return image.Width; }

    [Benchmark]
    public int DetectPerImage() => _detector.Detect(_photo).Count;

    [Benchmark]
    public int EmbedBatch1() => _embedder.Embed(_batch8.AsSpan(0, 1).ToArray()).Count;

    [Benchmark]
    public int EmbedBatch8() => _embedder.Embed(_batch8).Count;

    [Benchmark]
    public async Task<float> VerifyPortraitAndLiveFrame() => (await _verifier.VerifyAsync(_portrait, new FaceCapture([_liveFrame]))).Score;

    [Benchmark]
    public async Task<float> VerifyWithCachedTemplate() => (await _verifier.VerifyAsync(_template, new FaceCapture([_liveFrame]))).Score;

    private static string? FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".cache", "face-api", "sample1.jpg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
