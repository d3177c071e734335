using System.CommandLine;
using System.Globalization;
using EId.Biometrics;
using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Quality;
using EId.Cli.Output;
using EId.Faces;
using EId.Imaging;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Cli.Commands;

/// <summary><c>eid face liveness …</c>: passive PAD per image, or the images as one timed frame sequence.</summary>
public static class LivenessCommands
{
    /// <summary>Adds <c>liveness</c> under the root's <c>face</c> group (creating the group when absent).</summary>
    /// <param name="root">The root command.</param>
    public static void AttachTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var face = root.Subcommands.FirstOrDefault(c => c.Name == "face");
        if (face is null)
        {
            face = new Command("face", "Face checks.");
            root.Add(face);
        }

        face.Add(Create());
        face.Add(CreateCalibrate());
        face.Add(CreateAttacks());
    }

    /// <summary>Builds the <c>pad-evaluate</c> verb (alias <c>pad-calibrate</c>): APCER/BPCER (ISO/IEC 30107-3) of the passive check on labelled folders.</summary>
    /// <returns>The command.</returns>
    public static Command CreateCalibrate()
    {
        var bonaFide = new Option<DirectoryInfo>("--bona-fide") { Description = "Folder of bona fide (real, live) face images, searched recursively.", Required = true };
        var attacks = new Option<DirectoryInfo?>("--attack", "--attacks") { Description = "Folder of attack presentations (prints, screens, masks), searched recursively." };
        var maxBpcer = new Option<double>("--max-bpcer") { Description = "Target BPCER for the suggested threshold (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var threshold = new Option<float?>("--threshold") { Description = "Threshold to report the rates at (default: the shipped threshold)." };
        var models = new Option<string?>("--models") { Description = "Folder with the ONNX models." };
        var command = new Command("pad-evaluate", "Score labelled folders with the passive PAD check: BPCER and APCER (ISO/IEC 30107-3) at a threshold, and the threshold for a target BPCER.")
        {
            bonaFide, attacks, maxBpcer, threshold, models,
        };
        command.Aliases.Add("pad-calibrate");
        command.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var real = parseResult.GetRequiredValue(bonaFide);
            var spoof = parseResult.GetValue(attacks);
            if (!real.Exists || spoof is { Exists: false })
            {
                return output.EnvironmentError($"No such folder: {(real.Exists ? spoof!.FullName : real.FullName)}");
            }

            var defaults = new LivenessOptions();
            var directory = parseResult.GetValue(models);
            var locator = new ModelLocator(directory);
            var options = new BiometricsOptions { ModelDirectory = directory, IntraOpThreads = 0 };
            var detector = EIdBiometricsServiceCollectionExtensions.CreateDetector(options);
            using var detectorLifetime = detector as IDisposable;
            using var check = new PassiveLivenessCheck(
                new SkiaImageDecoder(options.MaxImagePixels),
                detector,
                [.. defaults.PassiveModels.Select(k => new PadModel(locator.GetPath(PadModelProfile.For(k).ModelName), PadModelProfile.For(k)))],
                parseResult.GetValue(threshold) ?? defaults.PassiveThreshold,
                ownsModels: true);
            var realScores = Score(check, real);
            var spoofScores = spoof is null ? [] : Score(check, spoof);
            if (realScores.Count == 0)
            {
                return output.UsageError("No bona fide image found.");
            }

            var at = PadCalibration.At(realScores, spoofScores, check.Threshold);
            var point = realScores.Any(s => !float.IsNaN(s)) ? PadCalibration.ForBpcer(realScores, spoofScores, parseResult.GetValue(maxBpcer)) : null;
            var result = new PadCalibrationReport(check.Name, PadRatesView.From(at), point is null ? null : PadRatesView.From(point), realScores.Count(float.IsNaN) + spoofScores.Count(float.IsNaN));
            return output.Report(ExitCodes.Valid, result, (w, r) =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PAD {r.Check}: {r.AtThreshold.BonaFideCount} bona fide, {r.AtThreshold.AttackCount} attack image(s), {r.WithoutFace} without a face (counted as rejected)"));
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"at {r.AtThreshold.Threshold:0.000}: BPCER {r.AtThreshold.Bpcer:P2}  APCER {(r.AtThreshold.Apcer is { } a ? a.ToString("P2", CultureInfo.InvariantCulture) : "-")}"));
                if (r.ForTargetBpcer is { } p)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold {p.Threshold:0.000}: BPCER {p.Bpcer:P2}  APCER {(p.Apcer is { } pa ? pa.ToString("P2", CultureInfo.InvariantCulture) : "-")}"));
                }
            });
        });
        return command;
    }

    /// <summary>Builds the <c>pad-attacks</c> verb: synthetic print, screen, resampling and planar-warp attacks made from bona fide photos.</summary>
    /// <returns>The command.</returns>
    public static Command CreateAttacks()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "Folder of bona fide face photos, searched recursively.", Required = true };
        var to = new Option<DirectoryInfo>("--out") { Description = "Folder to write the attack images to (created).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random tilts, grain and moiré (default 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("pad-attacks", "Make synthetic presentation attacks (print, screen, resampled, planar warp) from bona fide photos, for pad-evaluate when no real attack captures exist. Weaker evidence than real attacks.")
        {
            from, to, seed,
        };
        command.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var source = parseResult.GetRequiredValue(from);
            if (!source.Exists)
            {
                return output.EnvironmentError($"No such folder: {source.FullName}");
            }

            var target = parseResult.GetRequiredValue(to);
            Directory.CreateDirectory(target.FullName);
            var next = parseResult.GetValue(seed);
            var written = 0;
            foreach (var file in Images(source))
            {
                var photo = File.ReadAllBytes(file);
                foreach (var kind in Enum.GetValues<SyntheticAttack>())
                {
                    if (PresentationAttackSynthesizer.Make(photo, kind, next++) is { } attack)
                    {
                        File.WriteAllBytes(Path.Combine(target.FullName, $"{Path.GetFileNameWithoutExtension(file)}.{kind}.jpg"), attack);
                        written++;
                    }
                }
            }

            return output.Report(ExitCodes.Valid, new PadAttacksReport(written, target.FullName), (w, r) => w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Written} attack image(s) in {r.Folder}")));
        });
        return command;
    }

    /// <summary>The result of <c>eid face pad-attacks</c>.</summary>
    /// <param name="Written">Attack images written.</param>
    /// <param name="Folder">Where.</param>
    public sealed record PadAttacksReport(int Written, string Folder);

    private static IEnumerable<string> Images(DirectoryInfo folder) =>
        Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp")
            .Order(StringComparer.Ordinal);

    private static List<float> Score(PassiveLivenessCheck check, DirectoryInfo folder) =>
        [.. Images(folder)
            .Select(f => check.ScoreFrames(new FaceCapture([new FaceFrame(File.ReadAllBytes(f), TimeSpan.Zero)]))[0])
            .Where(s => s.Readable)
            .Select(s => s.Score)];

    /// <summary>The result of <c>eid face pad-evaluate</c>.</summary>
    /// <param name="Check">PAD check name.</param>
    /// <param name="AtThreshold">Rates at the chosen threshold.</param>
    /// <param name="ForTargetBpcer">The highest threshold meeting the target BPCER, with its rates.</param>
    /// <param name="WithoutFace">Images where no face was found.</param>
    public sealed record PadCalibrationReport(string Check, PadRatesView AtThreshold, PadRatesView? ForTargetBpcer, int WithoutFace);

    /// <summary>APCER/BPCER at one threshold, JSON-safe (no NaN).</summary>
    /// <param name="Threshold">Decision threshold.</param>
    /// <param name="BonaFideCount">Bona fide images.</param>
    /// <param name="AttackCount">Attack images.</param>
    /// <param name="Bpcer">Bona fide classified as attacks.</param>
    /// <param name="Apcer">Attacks classified as bona fide; null without attacks.</param>
    public sealed record PadRatesView(float Threshold, int BonaFideCount, int AttackCount, double Bpcer, double? Apcer)
    {
        /// <summary>From the library's rates.</summary>
        /// <param name="rates">The rates.</param>
        /// <returns>The view.</returns>
        public static PadRatesView From(PadErrorRates rates)
        {
            ArgumentNullException.ThrowIfNull(rates);
            return new(rates.Threshold, rates.BonaFideCount, rates.AttackCount, rates.Bpcer, double.IsNaN(rates.Apcer) ? null : rates.Apcer);
        }
    }

    /// <summary>Builds the <c>liveness</c> verb.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var images = new Argument<FileInfo[]>("images") { Description = "JPEG/PNG/WebP images (frames, in order, with --sequence).", Arity = ArgumentArity.OneOrMore };
        var sequence = new Option<bool>("--sequence") { Description = "Treat the images as one capture: capture-level PAD, per-frame quality, best frame, motion and identity consistency." };
        var interval = new Option<int>("--interval") { Description = "Milliseconds between frames with --sequence (default 200).", DefaultValueFactory = _ => 200 };
        var threshold = new Option<float?>("--threshold") { Description = "Decision threshold on the fused P(live) (default: the shipped threshold)." };
        var models = new Option<string?>("--models") { Description = "Folder with the ONNX models (default: EID_MODELS_DIR, models/ beside the tool, .cache/models)." };
        var command = new Command("liveness", "Passive presentation-attack detection: P(live) and decision per image, or for the images as one frame sequence.")
        {
            images, sequence, interval, threshold, models,
        };
        command.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var files = parseResult.GetRequiredValue(images);
            if (files.FirstOrDefault(f => !f.Exists) is { } missing)
            {
                return output.EnvironmentError($"No such file: {missing.FullName}");
            }

            var defaults = new LivenessOptions();
            var directory = parseResult.GetValue(models);
            var locator = new ModelLocator(directory);
            var options = new BiometricsOptions { ModelDirectory = directory, IntraOpThreads = 0 };
            var decoder = new SkiaImageDecoder(options.MaxImagePixels);
            var detector = EIdBiometricsServiceCollectionExtensions.CreateDetector(options);
            using var detectorLifetime = detector as IDisposable;
            using var check = new PassiveLivenessCheck(
                decoder,
                detector,
                [.. defaults.PassiveModels.Select(k => new PadModel(locator.GetPath(PadModelProfile.For(k).ModelName), PadModelProfile.For(k)))],
                parseResult.GetValue(threshold) ?? defaults.PassiveThreshold,
                ownsModels: true);
            var step = TimeSpan.FromMilliseconds(Math.Max(1, parseResult.GetValue(interval)));
            var frames = files.Select((f, i) => new FaceFrame(File.ReadAllBytes(f.FullName), step * i)).ToArray();

            if (!parseResult.GetValue(sequence))
            {
                var views = files.Select((f, i) =>
                {
                    var scored = check.ScoreFrames(new FaceCapture([frames[i]]))[0];
                    var decision = check.Decide([scored]);
                    return new ImageLiveness(f.Name, scored.FaceFound ? scored.Score : null, Named(check, scored), decision.Decision, decision.Reasons);
                }).ToArray();
                var result = new LivenessReport(check.Name, check.Threshold, views, null);
                return output.Report(views.All(v => v.Decision == LivenessDecision.Live) ? ExitCodes.Valid : ExitCodes.Invalid, result, WriteHuman);
            }

            using var landmarker = new FrLandmarkLandmarker(locator.GetPath(FaceModelNames.FrLandmark));
            using var embedder = EIdBiometricsServiceCollectionExtensions.CreateEmbedder(options);
            var capture = new FaceCapture(frames);
            var frameScores = check.ScoreFrames(capture);
            var passive = check.Decide(frameScores);
            var quality = new FaceQualityGate(decoder, detector, landmarker, defaults.Quality).Assess(capture);
            var meter = new FaceMotionMeter(decoder, detector, landmarker, embedder);
            byte[]? previous = null;
            var measured = frames.Select(f => meter.Measure(f, ref previous)).ToArray();
            var moving = measured.Skip(1).Any(m => m is not null && m.DifferenceFromPrevious >= defaults.Active.StaticFrameDifference);
            var faces = measured.Where(m => m is { FaceFound: true, Embedding.IsEmpty: false }).ToArray();
            var minSimilarity = faces.Length < 2 ? (float?)null : faces.Skip(1).Min(m => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(faces[0]!.Embedding.Span, m!.Embedding.Span));
            var sameIdentity = minSimilarity is null || minSimilarity >= EId.Biometrics.Matching.FaceMatchThresholds.Of(options).Portrait;
            var frameViews = files.Select((f, i) => new ImageLiveness(
                f.Name,
                frameScores[i].FaceFound ? frameScores[i].Score : null,
                Named(check, frameScores[i]),
                check.Decide([frameScores[i]]).Decision,
                check.Decide([frameScores[i]]).Reasons)
            {
                Quality = quality[i].Assessment.Issues,
                QualityScore = quality[i].Assessment.Score,
                Yaw = measured[i]?.FaceFound == true ? measured[i]!.Yaw : null,
                EyeAspectRatio = measured[i]?.FaceFound == true ? measured[i]!.EyeAspectRatio : null,
                MouthOpening = measured[i]?.FaceFound == true ? measured[i]!.MouthOpening : null,
            }).ToArray();
            var reasons = new List<LivenessReason>(passive.Reasons);
            if (!moving && frames.Length > 1)
            {
                reasons.Add(LivenessReason.StaticImage);
            }

            if (!sameIdentity)
            {
                reasons.Add(LivenessReason.IdentityChanged);
            }

            var live = passive.IsLive && (moving || frames.Length == 1) && sameIdentity;
            var sequenceView = new SequenceLiveness(
                float.IsNaN(passive.Score) ? null : passive.Score,
                live ? LivenessDecision.Live : passive.Decision == LivenessDecision.Inconclusive ? LivenessDecision.Inconclusive : LivenessDecision.Spoof,
                reasons,
                FaceQualityGate.SelectBest(quality),
                moving,
                minSimilarity);
            return output.Report(live ? ExitCodes.Valid : ExitCodes.Invalid, new LivenessReport(check.Name, check.Threshold, frameViews, sequenceView), WriteHuman);
        });
        return command;
    }

    private static Dictionary<string, float> Named(PassiveLivenessCheck check, PadFrameScore score) =>
        score.ModelScores.Select((s, i) => (check.Models[i].Name, s)).ToDictionary(p => p.Name, p => p.s);

    private static void WriteHuman(TextWriter w, LivenessReport r)
    {
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PAD {r.Check}, threshold {r.Threshold:0.00}"));
        foreach (var i in r.Images)
        {
            var models = string.Join(' ', i.Models.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value:0.000}")));
            var extra = i.Quality is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  quality={i.QualityScore:0.00} [{string.Join(",", i.Quality)}] yaw={i.Yaw:0} ear={i.EyeAspectRatio:0.00}");
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i.Decision,-12} {(i.Score is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "-"),6}  {i.Image}  {models}{extra}"));
        }

        if (r.Sequence is { } q)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sequence: {q.Decision}  score={(q.Score is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "-")}  moving={q.Moving}  min-identity={(q.MinIdentitySimilarity is { } m ? m.ToString("0.000", CultureInfo.InvariantCulture) : "-")}  best-frame={(q.BestFrame is { } b ? b.ToString(CultureInfo.InvariantCulture) : "none")}  {string.Join(",", q.Reasons)}"));
        }
    }

    /// <summary>PAD result of one image (or one frame of a sequence).</summary>
    /// <param name="Image">File name.</param>
    /// <param name="Score">Fused P(live), when a face was found.</param>
    /// <param name="Models">P(live) per model.</param>
    /// <param name="Decision">Live, spoof or inconclusive.</param>
    /// <param name="Reasons">Why.</param>
    public sealed record ImageLiveness(string Image, float? Score, IReadOnlyDictionary<string, float> Models, LivenessDecision Decision, IReadOnlyList<LivenessReason> Reasons)
    {
        /// <summary>Quality issues of the frame (sequences only).</summary>
        public IReadOnlyList<QualityIssue>? Quality { get; init; }

        /// <summary>Quality score of the frame (sequences only).</summary>
        public float? QualityScore { get; init; }

        /// <summary>Yaw estimate, degrees (sequences only).</summary>
        public float? Yaw { get; init; }

        /// <summary>Eye-aspect ratio (sequences only).</summary>
        public float? EyeAspectRatio { get; init; }

        /// <summary>Mouth opening (sequences only).</summary>
        public float? MouthOpening { get; init; }
    }

    /// <summary>Capture-level result of <c>--sequence</c>.</summary>
    /// <param name="Score">Capture PAD score.</param>
    /// <param name="Decision">Live only when PAD passes, the frames change and one person is in all of them.</param>
    /// <param name="Reasons">Why.</param>
    /// <param name="BestFrame">Index of the best frame for matching, if any is acceptable.</param>
    /// <param name="Moving">Whether the frames change (not a static image).</param>
    /// <param name="MinIdentitySimilarity">Lowest cosine similarity of a frame's face to the first frame's.</param>
    public sealed record SequenceLiveness(float? Score, LivenessDecision Decision, IReadOnlyList<LivenessReason> Reasons, int? BestFrame, bool Moving, float? MinIdentitySimilarity);

    /// <summary>The result of <c>eid face liveness</c>.</summary>
    /// <param name="Check">PAD check name (fused models).</param>
    /// <param name="Threshold">Decision threshold.</param>
    /// <param name="Images">Per image or frame.</param>
    /// <param name="Sequence">Capture-level result with <c>--sequence</c>.</param>
    public sealed record LivenessReport(string Check, float Threshold, IReadOnlyList<ImageLiveness> Images, SequenceLiveness? Sequence);
}
