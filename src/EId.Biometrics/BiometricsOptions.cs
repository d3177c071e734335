using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;

namespace EId.Biometrics;

/// <summary>Options of the face pipeline (bound by <c>AddEIdBiometrics</c>, validated on start).</summary>
public sealed class BiometricsOptions
{
    /// <summary>Folder with the ONNX models; null uses <c>EID_MODELS_DIR</c>, <c>models/</c> beside the app, then <c>.cache/models</c>.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Which detector to use. Default <see cref="FaceDetectorKind.FrDetect"/>.</summary>
    public FaceDetectorKind Detector { get; set; } = FaceDetectorKind.FrDetect;

    /// <summary>Which embedder to use. Default <see cref="FaceEmbedderKind.FrFeature"/>.</summary>
    public FaceEmbedderKind Embedder { get; set; } = FaceEmbedderKind.FrFeature;

    /// <summary>Path of an InsightFace SCRFD ONNX file (required when <see cref="Detector"/> is <see cref="FaceDetectorKind.Scrfd"/>).</summary>
    public string? ScrfdModelPath { get; set; }

    /// <summary>Path of an InsightFace ArcFace ONNX file (required when <see cref="Embedder"/> is <see cref="FaceEmbedderKind.ArcFace"/>).</summary>
    public string? ArcFaceModelPath { get; set; }

    /// <summary>Minimum detection score in [0, 1]. Default 0.7.</summary>
    public float DetectionScoreThreshold { get; set; } = 0.7f;

    /// <summary>Smallest face side, in source pixels. Default 16.</summary>
    public float MinFaceSize { get; set; } = 16;

    /// <summary>Match threshold on cosine similarity; null uses the calibrated default of the embedder (<see cref="Matching.MatchThresholds"/>).</summary>
    public float? MatchThreshold { get; set; }

    /// <summary>ONNX Runtime intra-op threads per model (0 = runtime default). Default 1: kiosks run several models side by side.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Reference templates the face verifier keeps (least recently used evicted), keyed by model id and the portrait's SHA-256,
    /// so a portrait is enrolled once. Default 1024 (about 2 KiB each for 512-d templates); 0 turns the cache off.
    /// </summary>
    public int ReferenceCacheCapacity { get; set; } = 1024;

    /// <summary>Largest image accepted, in pixels. Default 40 megapixels.</summary>
    public long MaxImagePixels { get; set; } = Imaging.SkiaImageDecoder.DefaultMaxPixels;

    /// <summary>Detector filtering derived from these options.</summary>
    /// <returns>The detector options.</returns>
    public FaceDetectorOptions ToDetectorOptions() => new() { ScoreThreshold = DetectionScoreThreshold, MinFaceSize = MinFaceSize };
}
