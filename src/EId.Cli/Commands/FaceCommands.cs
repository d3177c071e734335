using System.CommandLine;
using System.Globalization;
using System.Text;
using EId.Biometrics;
using EId.Biometrics.Calibration;
using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Biometrics.Matching;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Pipeline;
using EId.Cli.Output;
using EId.Faces;
using EId.Imaging;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Cli.Commands;

/// <summary><c>eid face …</c>: face detection, 1:1 verification and threshold calibration.</summary>
public static class FaceCommands
{
    /// <summary>Builds the <c>face</c> verb group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var group = new Command("face", "Face detection, 1:1 verification and threshold calibration.");
        group.Add(CreateDetect());
        group.Add(CreateVerify());
        group.Add(CreateCalibrate());
        return group;
    }

    private static Option<string?> ModelsOption() => new("--models") { Description = "Folder with the ONNX models (default: EID_MODELS_DIR, models/ beside the tool, .cache/models)." };

    private static Option<FaceEmbedderKind> EmbedderOption() => new("--embedder") { Description = "Embedder: FrFeature (default), FaceRes, MobileFace.", DefaultValueFactory = _ => FaceEmbedderKind.FrFeature };

    private static Command CreateDetect()
    {
        var image = new Argument<FileInfo>("image") { Description = "A JPEG/PNG/WebP image." };
        var models = ModelsOption();
        var command = new Command("detect", "List the faces in an image, best first, and which one is the subject.") { image, models };
        command.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var path = parseResult.GetRequiredValue(image);
            if (!path.Exists)
            {
                return output.EnvironmentError($"No such file: {path.FullName}");
            }

            using var parts = PipelineParts.Create(parseResult.GetValue(models), FaceEmbedderKind.FrFeature, withEmbedder: false);
            var decoded = parts.Decoder.Decode(File.ReadAllBytes(path.FullName));
            if (!decoded.TryGetValue(out var pixels, out var error))
            {
                return output.Report(ExitCodes.Invalid, new DetectResult(path.Name, 0, 0, [], null, error.Reason.ToString()), (w, r) => w.WriteLine($"unreadable  {r.Image}  {r.Error}"));
            }

            using (pixels)
            {
                var faces = parts.Detector.Detect(pixels);
                var subject = SubjectSelection.Choose(faces);
                var views = faces.Select(f => new FaceView(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, f.Score)).ToArray();
                var result = new DetectResult(path.Name, pixels.Width, pixels.Height, views, subject is null ? null : IndexOf(faces, subject), null);
                return output.Report(faces.Count > 0 ? ExitCodes.Valid : ExitCodes.Invalid, result, (w, r) =>
                {
                    w.WriteLine($"{r.Image}  {r.Width}x{r.Height}  {r.Faces.Count} face(s)");
                    for (var i = 0; i < r.Faces.Count; i++)
                    {
                        var f = r.Faces[i];
                        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(i == r.Subject ? '*' : ' ')} #{i}  x={f.X:0} y={f.Y:0} w={f.Width:0} h={f.Height:0}  score={f.Score:0.000}"));
                    }
                });
            }
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var left = new Argument<FileInfo>("a") { Description = "Reference image (e.g. the document portrait)." };
        var right = new Argument<FileInfo>("b") { Description = "Probe image (e.g. a live frame)." };
        var models = ModelsOption();
        var embedder = EmbedderOption();
        var threshold = new Option<float?>("--threshold") { Description = "Cosine threshold (default: the embedder's calibrated threshold)." };
        var severalFaces = new Option<bool>("--allow-several-faces") { Description = "Compare the subjects even when an image shows more than one face (refused by default, as the issuer does)." };
        var command = new Command("verify", "Compare the subjects of two images: score, threshold and decision. Images with no face are also tried turned by 90°, 180° and 270° (no EXIF orientation).") { left, right, models, embedder, threshold, severalFaces };
        command.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var a = parseResult.GetRequiredValue(left);
            var b = parseResult.GetRequiredValue(right);
            if (!a.Exists || !b.Exists)
            {
                return output.EnvironmentError($"No such file: {(a.Exists ? b.FullName : a.FullName)}");
            }

            var kind = parseResult.GetValue(embedder);
            using var parts = PipelineParts.Create(parseResult.GetValue(models), kind, withEmbedder: true);
            var matcher = new CosineFaceMatcher(parseResult.GetValue(threshold) ?? EmbedderProfile.For(kind).MatchThreshold);
            var ra = AnalyzeAnyOrientation(parts.Pipeline!, File.ReadAllBytes(a.FullName));
            var rb = AnalyzeAnyOrientation(parts.Pipeline!, File.ReadAllBytes(b.FullName));
            FaceMatch match;
            if (!ra.TryGetValue(out var fa, out var ea))
            {
                match = new FaceMatch(float.NaN, matcher.Threshold, MatchDecision.Inconclusive, [ea.Reason == FaceAnalysisError.Unreadable ? FaceMatchReason.ReferenceUnreadable : FaceMatchReason.NoFaceInReference]);
            }
            else if (!rb.TryGetValue(out var fb, out var eb))
            {
                match = new FaceMatch(float.NaN, matcher.Threshold, MatchDecision.Inconclusive, [eb.Reason == FaceAnalysisError.Unreadable ? FaceMatchReason.ProbeUnreadable : FaceMatchReason.NoFaceInProbe]);
            }
            else
            {
                match = matcher.Compare(fa.Template, fb.Template);
                if ((fa.FaceCount > 1 || fb.FaceCount > 1) && !parseResult.GetValue(severalFaces))
                {
                    // Whose face was compared is a guess when an image shows several: decide nothing, say why.
                    match = match with { Decision = MatchDecision.Inconclusive, Reasons = [.. match.Reasons, FaceMatchReason.SeveralFaces] };
                }
                else if (fa.FaceCount > 1 || fb.FaceCount > 1)
                {
                    match = match with { Reasons = [.. match.Reasons, FaceMatchReason.SeveralFaces] };
                }
            }

            var result = new VerifyResult(a.Name, b.Name, float.IsNaN(match.Score) ? null : match.Score, match.Threshold, match.Decision, match.Reasons, parts.ModelId);
            return output.Report(match.IsMatch ? ExitCodes.Valid : ExitCodes.Invalid, result, (w, r) =>
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Decision}  score={(r.Score is { } s ? s.ToString("0.0000", CultureInfo.InvariantCulture) : "-")}  threshold={r.Threshold:0.0000}  {string.Join(",", r.Reasons)}")));
        });
        return command;
    }

    private static Result<FaceAnalysis, Failure<FaceAnalysisError>> AnalyzeAnyOrientation(FacePipeline pipeline, byte[] encoded)
    {
        var decoded = pipeline.Decoder.Decode(encoded);
        if (!decoded.TryGetValue(out var image, out var error))
        {
            return new Failure<FaceAnalysisError>(FaceAnalysisError.Unreadable, error.ToString());
        }

        using (image)
        {
            return pipeline.AnalyzeAnyOrientation(image, out _);
        }
    }

    private static Command CreateCalibrate()
    {
        var pairs = new Option<FileInfo>("--pairs") { Description = "CSV with a header naming left,right,same columns.", Required = true };
        var root = new Option<DirectoryInfo?>("--root") { Description = "Folder the pair paths are relative to (default: the CSV's folder)." };
        var scoresOut = new Option<FileInfo?>("--scores") { Description = "Write left,right,same,score per pair (score empty where no face was found)." };
        var models = ModelsOption();
        var embedder = EmbedderOption();
        var command = new Command("calibrate", "Score labelled pairs: EER, TAR at FAR 1e-2 and 1e-3, images with no face.") { pairs, root, scoresOut, models, embedder };
        command.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var csv = parseResult.GetRequiredValue(pairs);
            if (!csv.Exists)
            {
                return output.EnvironmentError($"No such file: {csv.FullName}");
            }

            IReadOnlyList<LabelledPair> labelled;
            try
            {
                labelled = LabelledPair.ReadCsv(csv.FullName);
            }
            catch (FormatException e)
            {
                return output.UsageError(e.Message);
            }

            var folder = parseResult.GetValue(root)?.FullName ?? csv.DirectoryName!;
            var kind = parseResult.GetValue(embedder);
            using var parts = PipelineParts.Create(parseResult.GetValue(models), kind, withEmbedder: true);
            var scores = PairScores.Compute(parts.Pipeline!, new CosineFaceMatcher(EmbedderProfile.For(kind).MatchThreshold), labelled, folder, Environment.ProcessorCount);
            if (parseResult.GetValue(scoresOut) is { } outFile)
            {
                var text = new StringBuilder("left,right,same,score\n");
                for (var i = 0; i < labelled.Count; i++)
                {
                    var p = labelled[i];
                    text.Append(CultureInfo.InvariantCulture, $"{p.Left},{p.Right},{(p.Same ? 1 : 0)},{scores.Scores[i]?.ToString("R", CultureInfo.InvariantCulture)}\n");
                }

                File.WriteAllText(outFile.FullName, text.ToString());
            }

            var comparable = scores.Labelled.ToArray();
            if (!comparable.Any(s => s.Genuine) || !comparable.Any(s => !s.Genuine))
            {
                return output.UsageError("Need at least one comparable genuine and one impostor pair.");
            }

            var report = ScoreCalibration.Compute(comparable);
            var result = new CalibrateResult(
                parts.ModelId,
                labelled.Count,
                report.GenuineCount,
                report.ImpostorCount,
                scores.ImagesWithoutFace.Count,
                report.EqualErrorRate,
                report.EqualErrorThreshold,
                new RatePoint(1e-2, report.AtFmr1e2.Threshold, report.AtFmr1e2.TrueAcceptRate, report.AtFmr1e2.FalseMatchRate),
                new RatePoint(1e-3, report.AtFmr1e3.Threshold, report.AtFmr1e3.TrueAcceptRate, report.AtFmr1e3.FalseMatchRate),
                scores.ImagesWithoutFace);
            return output.Report(ExitCodes.Valid, result, (w, r) =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {r.Model}: {r.Pairs} pairs ({r.Genuine} genuine, {r.Impostor} impostor comparable), {r.ImagesWithoutFace} image(s) with no face"));
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EER {r.EqualErrorRate:P3} at threshold {r.EqualErrorThreshold:0.0000}"));
                foreach (var p in new[] { r.AtFar1e2, r.AtFar1e3 })
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAR<={p.TargetFar:0e0}: TAR {p.TrueAcceptRate:0.0000} at threshold {p.Threshold:0.0000} (FAR {p.FalseAcceptRate:0.00000})"));
                }
            });
        });
        return command;
    }

    private static int IndexOf(IReadOnlyList<FaceDetection> faces, FaceDetection subject)
    {
        for (var i = 0; i < faces.Count; i++)
        {
            if (ReferenceEquals(faces[i], subject))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One detected face.</summary>
    /// <param name="X">Left.</param>
    /// <param name="Y">Top.</param>
    /// <param name="Width">Width.</param>
    /// <param name="Height">Height.</param>
    /// <param name="Score">Detector score.</param>
    public sealed record FaceView(float X, float Y, float Width, float Height, float Score);

    /// <summary>The result of <c>eid face detect</c>.</summary>
    /// <param name="Image">File name.</param>
    /// <param name="Width">Upright image width.</param>
    /// <param name="Height">Upright image height.</param>
    /// <param name="Faces">Faces, best first.</param>
    /// <param name="Subject">Index of the chosen subject.</param>
    /// <param name="Error">Why the image could not be read.</param>
    public sealed record DetectResult(string Image, int Width, int Height, IReadOnlyList<FaceView> Faces, int? Subject, string? Error);

    /// <summary>The result of <c>eid face verify</c>.</summary>
    /// <param name="A">Reference file name.</param>
    /// <param name="B">Probe file name.</param>
    /// <param name="Score">Cosine similarity, when both had a face.</param>
    /// <param name="Threshold">Decision threshold.</param>
    /// <param name="Decision">Match, no match or inconclusive.</param>
    /// <param name="Reasons">Why.</param>
    /// <param name="Model">Embedder model id.</param>
    public sealed record VerifyResult(string A, string B, float? Score, float Threshold, MatchDecision Decision, IReadOnlyList<FaceMatchReason> Reasons, string Model);

    /// <summary>An operating point of <c>eid face calibrate</c>.</summary>
    /// <param name="TargetFar">Largest acceptable false accept rate.</param>
    /// <param name="Threshold">Lowest threshold meeting it.</param>
    /// <param name="TrueAcceptRate">Genuine pairs accepted.</param>
    /// <param name="FalseAcceptRate">Impostor pairs accepted.</param>
    public sealed record RatePoint(double TargetFar, float Threshold, double TrueAcceptRate, double FalseAcceptRate);

    /// <summary>The result of <c>eid face calibrate</c>.</summary>
    /// <param name="Model">Embedder model id.</param>
    /// <param name="Pairs">Pairs in the file.</param>
    /// <param name="Genuine">Comparable genuine pairs.</param>
    /// <param name="Impostor">Comparable impostor pairs.</param>
    /// <param name="ImagesWithoutFace">Images with no face (or unreadable).</param>
    /// <param name="EqualErrorRate">EER.</param>
    /// <param name="EqualErrorThreshold">Threshold at the EER.</param>
    /// <param name="AtFar1e2">Operating point at FAR ≤ 1e-2.</param>
    /// <param name="AtFar1e3">Operating point at FAR ≤ 1e-3.</param>
    /// <param name="NoFace">The images with no face.</param>
    public sealed record CalibrateResult(string Model, int Pairs, int Genuine, int Impostor, int ImagesWithoutFace, double EqualErrorRate, float EqualErrorThreshold, RatePoint AtFar1e2, RatePoint AtFar1e3, IReadOnlyList<string> NoFace);

    private sealed class PipelineParts : IDisposable
    {
        private PipelineParts(IImageDecoder decoder, IFaceDetector detector, FrLandmarkLandmarker? landmarker, OnnxFaceEmbedder? embedder)
        {
            Decoder = decoder;
            Detector = detector;
            Landmarker = landmarker;
            Embedder = embedder;
            Pipeline = embedder is null ? null : new FacePipeline(decoder, detector, landmarker, embedder);
        }

        public IImageDecoder Decoder { get; }

        public IFaceDetector Detector { get; }

        public FrLandmarkLandmarker? Landmarker { get; }

        public OnnxFaceEmbedder? Embedder { get; }

        public FacePipeline? Pipeline { get; }

        public string ModelId => Embedder?.ModelId ?? string.Empty;

        public static PipelineParts Create(string? modelDirectory, FaceEmbedderKind kind, bool withEmbedder)
        {
            var options = new BiometricsOptions { ModelDirectory = modelDirectory, Embedder = kind, IntraOpThreads = 0 };
            var locator = new ModelLocator(modelDirectory);
            return new PipelineParts(
                new SkiaImageDecoder(options.MaxImagePixels),
                EIdBiometricsServiceCollectionExtensions.CreateDetector(options),
                withEmbedder ? new FrLandmarkLandmarker(locator.GetPath(FaceModelNames.FrLandmark)) : null,
                withEmbedder ? EIdBiometricsServiceCollectionExtensions.CreateEmbedder(options) : null);
        }

        public void Dispose()
        {
            (Detector as IDisposable)?.Dispose();
            Landmarker?.Dispose();
            Embedder?.Dispose();
        }
    }
}
