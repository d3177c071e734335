using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Diagnostics;

namespace EId.Biometrics;

/// <summary>Reports every problem of <see cref="BiometricsOptions"/> at start-up, including model files that are missing.</summary>
internal sealed class BiometricsOptionsValidator : OptionsValidator<BiometricsOptions>
{
    protected override void Collect(BiometricsOptions options, List<string> problems)
    {
        if (options.DetectionScoreThreshold is not (> 0 and <= 1))
        {
            problems.Add("DetectionScoreThreshold must be in (0, 1].");
        }

        if (!(options.MinFaceSize >= 0))
        {
            problems.Add("MinFaceSize must not be negative.");
        }

        if (options.MatchThreshold is { } threshold && threshold is not (>= -1 and <= 1))
        {
            problems.Add("MatchThreshold must be null (the embedder's calibrated thresholds) or a cosine in [-1, 1].");
        }

        if (options.IntraOpThreads < 0)
        {
            problems.Add("IntraOpThreads must not be negative.");
        }

        if (options.MaxImagePixels <= 0)
        {
            problems.Add("MaxImagePixels must be positive.");
        }

        if (options.ReferenceCacheCapacity < 0)
        {
            problems.Add("ReferenceCacheCapacity must not be negative.");
        }

        if (!Enum.IsDefined(options.Detector) || !Enum.IsDefined(options.Embedder))
        {
            // The model checks below need known kinds.
            problems.Add("Unknown detector or embedder.");
            return;
        }

        if (options.Detector == FaceDetectorKind.Scrfd && options.ScrfdModelPath is null)
        {
            problems.Add("Detector Scrfd needs ScrfdModelPath.");
        }

        if (options.Embedder == FaceEmbedderKind.ArcFace && options.ArcFaceModelPath is null)
        {
            problems.Add("Embedder ArcFace needs ArcFaceModelPath.");
        }

        string?[] files =
        [
            options.Detector == FaceDetectorKind.Scrfd ? OptionsChecks.MissingFile("BiometricsOptions.ScrfdModelPath", options.ScrfdModelPath) : null,
            options.Embedder == FaceEmbedderKind.ArcFace ? OptionsChecks.MissingFile("BiometricsOptions.ArcFaceModelPath", options.ArcFaceModelPath) : null,
        ];
        problems.AddRange(files.OfType<string>());
        problems.AddRange(new ModelLocator(options.ModelDirectory).DescribeMissing(NeededModels(options)));
    }

    /// <summary>The bundled model files the options select (SCRFD and ArcFace files are named by path instead).</summary>
    internal static List<string> NeededModels(BiometricsOptions o)
    {
        var needed = new List<string> { FaceModelNames.FrLandmark };
        if (o.Detector == FaceDetectorKind.FrDetect)
        {
            needed.Add(FaceModelNames.FrDetect);
        }
        else if (o.Detector == FaceDetectorKind.BlazeFace)
        {
            needed.Add(FaceModelNames.BlazeFace);
        }

        if (o.Embedder != FaceEmbedderKind.ArcFace)
        {
            needed.Add(EmbedderProfile.For(o.Embedder).ModelId);
        }

        return needed;
    }
}
