using EId.Biometrics.Calibration;
using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Biometrics.Matching;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Pipeline;
using EId.Imaging;
using EId.Testing;

namespace EId.Biometrics.Tests.Support;

/// <summary>
/// The default pipeline on the real models, shared by the whole test run; the shared face sets are embedded once
/// (lazily) so that every verification test reuses the same scores.
/// </summary>
public sealed class PipelineFixture : IDisposable
{
    private readonly Lazy<PairScores?> _lfw;
    private readonly Lazy<PairScores?> _faceRecognition;

    public PipelineFixture()
    {
        Locator = new ModelLocator(Path.Combine(SharedData.RepoRoot, ".cache", "models"));
        if (Locator.TryGetPath(FaceModelNames.FrDetect, out var detect)
            && Locator.TryGetPath(FaceModelNames.FrLandmark, out var landmark)
            && Locator.TryGetPath(FaceModelNames.FrFeature, out var feature))
        {
            Detector = new FrDetectFaceDetector(detect);
            Landmarker = new FrLandmarkLandmarker(landmark);
            Embedder = new OnnxFaceEmbedder(feature, EmbedderProfile.FrFeature);
            Pipeline = new FacePipeline(Decoder, Detector, Landmarker, Embedder);
        }

        _lfw = new(() => Score("faces/lfw-subset/pairs.csv", "faces/lfw-subset"));
        _faceRecognition = new(() => Score("faces/pairs.csv", "faces"));
    }

    public ModelLocator Locator { get; }

    public SkiaImageDecoder Decoder { get; } = new();

    public FrDetectFaceDetector? Detector { get; }

    public FrLandmarkLandmarker? Landmarker { get; }

    public OnnxFaceEmbedder? Embedder { get; }

    public FacePipeline? Pipeline { get; }

    public CosineFaceMatcher Matcher { get; } = new(FaceMatchThresholds.Shipped);

    /// <summary>The pipeline, or skips the test when the models are not built.</summary>
    public FacePipeline RequirePipeline()
    {
        Assert.SkipWhen(Pipeline is null, "fr_detect/fr_landmark/fr_feature are not in .cache/models (build EId.Biometrics.Models).");
        return Pipeline!;
    }

    public PairScores Lfw => RequireScores(_lfw, "faces/lfw-subset/pairs.csv");

    public PairScores FaceRecognition => RequireScores(_faceRecognition, "faces/pairs.csv");

    public static string FaceApiSample(string name)
    {
        var path = Path.Combine(SharedData.RepoRoot, ".cache", "face-api", name);
        Assert.SkipUnless(File.Exists(path), $".cache/face-api/{name} is absent (fetched from npm @vladmandic/face-api@1.7.15 by the build).");
        return path;
    }

    private PairScores RequireScores(Lazy<PairScores?> scores, string csv)
    {
        SharedData.Require(csv);
        RequirePipeline();
        return scores.Value!;
    }

    private PairScores? Score(string csv, string root)
    {
        if (Pipeline is null || SharedData.Root is null || !File.Exists(Path.Combine(SharedData.Root, csv)))
        {
            return null;
        }

        var pairs = LabelledPair.ReadCsv(Path.Combine(SharedData.Root, csv));
        return PairScores.Compute(Pipeline, Matcher, pairs, Path.Combine(SharedData.Root, root), parallelism: 2);
    }

    public void Dispose()
    {
        Detector?.Dispose();
        Landmarker?.Dispose();
        Embedder?.Dispose();
    }
}
