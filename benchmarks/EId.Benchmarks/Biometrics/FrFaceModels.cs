using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Landmarks;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;

namespace EId.Benchmarks.Biometrics;

/// <summary>The default face models (fr_detect, fr_landmark, fr_feature) from .cache/models, one intra-op thread each, as the face and liveness benchmarks load them.</summary>
internal sealed class FrFaceModels : IDisposable
{
    public FrFaceModels()
    {
        var locator = new ModelLocator();
        Detector = new FrDetectFaceDetector(locator.GetPath(FaceModelNames.FrDetect), intraOpThreads: 1);
        Landmarker = new FrLandmarkLandmarker(locator.GetPath(FaceModelNames.FrLandmark), intraOpThreads: 1);
        Embedder = new OnnxFaceEmbedder(locator.GetPath(FaceModelNames.FrFeature), EmbedderProfile.FrFeature, intraOpThreads: 1);
    }

    public FrDetectFaceDetector Detector { get; }

    public FrLandmarkLandmarker Landmarker { get; }

    public OnnxFaceEmbedder Embedder { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Landmarker.Dispose();
        Embedder.Dispose();
    }
}
