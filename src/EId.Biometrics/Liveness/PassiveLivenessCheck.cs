using EId.Biometrics.Detection;
using EId.Biometrics.Imaging;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Passive (single-image) presentation-attack detection with one or several PAD models, fused fail-closed. Each frame is
/// decoded once (EXIF orientation applied), the subject face detected, and every model scored; each model's capture score
/// is its mean over the frames with a face. The capture is live only when <em>every</em> model reaches its own threshold:
/// a model can refuse, never rescue (a mean would let a weak model outvote a confident refusal). The reported score is
/// the lowest model score.
/// </summary>
/// <remarks>Thread-safe. Does not own the decoder or detector; owns the models when <c>ownsModels</c> is true.</remarks>
public sealed class PassiveLivenessCheck : ILivenessCheck, IDisposable
{
    private readonly IImageDecoder _decoder;
    private readonly IFaceDetector _detector;
    private readonly PadModel[] _models;
    private readonly float[] _thresholds;
    private readonly bool _ownsModels;

    /// <summary>Creates a check.</summary>
    /// <param name="decoder">Frame decoder (must apply EXIF orientation; <see cref="SkiaImageDecoder"/> does).</param>
    /// <param name="detector">Face detector.</param>
    /// <param name="models">One or more PAD models.</param>
    /// <param name="threshold">Capture score at or above which a model says live (for every model without its own threshold).</param>
    /// <param name="modelThresholds">Threshold per model, in model order (null = <paramref name="threshold"/> for all).</param>
    /// <param name="name">Name for reasons and metrics (default: the model names joined with <c>+</c>).</param>
    /// <param name="ownsModels">Whether <see cref="Dispose"/> disposes the models.</param>
    public PassiveLivenessCheck(IImageDecoder decoder, IFaceDetector detector, IReadOnlyList<PadModel> models, float threshold, IReadOnlyList<float>? modelThresholds = null, string? name = null, bool ownsModels = false)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("At least one PAD model is needed.", nameof(models));
        }

        if (modelThresholds is not null && (modelThresholds.Count != models.Count || modelThresholds.Any(t => t is not (>= 0 and <= 1))))
        {
            throw new ArgumentException("One threshold in [0, 1] per model.", nameof(modelThresholds));
        }

        _decoder = decoder;
        _detector = detector;
        _models = [.. models];
        _thresholds = modelThresholds is null ? [.. models.Select(_ => threshold)] : [.. modelThresholds];
        _ownsModels = ownsModels;
        Threshold = threshold;
        Name = name ?? string.Join('+', models.Select(m => m.Name));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The default threshold (models without their own use it).</summary>
    public float Threshold { get; }

    /// <summary>Each model's threshold, in model order.</summary>
    public IReadOnlyList<float> ModelThresholds => _thresholds;

    /// <summary>The models, in fusion order.</summary>
    public IReadOnlyList<PadModel> Models => _models;

    /// <summary>Most frames scored at once (the calling thread takes part). Default: the processor count; 1 scores frame by frame.</summary>
    public int FrameParallelism { get; init; } = Environment.ProcessorCount;

    /// <inheritdoc />
    public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return Telemetry.LivenessAsync(Name, () => ValueTask.FromResult(Decide(ScoreFrames(capture, cancellationToken))));
    }

    /// <summary>The metrics and activities of this check (meter and activity source <see cref="BiometricsTelemetry.SourceName"/>).</summary>
    public BiometricsTelemetry Telemetry { get; init; } = BiometricsTelemetry.Shared;

    /// <inheritdoc />
    /// <remarks>
    /// Reuses the decoded frames and subject detections when <paramref name="analysis"/> was made by a
    /// <see cref="Pipeline.FacePipeline"/> with this check's decoder and detector (the same subject it would find itself):
    /// only the PAD models run. Otherwise the capture is checked from scratch.
    /// </remarks>
    public ValueTask<LivenessResult> CheckAsync(FaceCaptureAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.Analyzer is not Pipeline.FacePipeline pipeline || !ReferenceEquals(pipeline.Detector, _detector) || !ReferenceEquals(pipeline.Decoder, _decoder))
        {
            return CheckAsync(analysis.Capture, cancellationToken);
        }

        return Telemetry.LivenessAsync(Name, () => ValueTask.FromResult(Decide(ScoreAnalysis(analysis, cancellationToken))));
    }

    private PadFrameScore[] ScoreAnalysis(FaceCaptureAnalysis analysis, CancellationToken cancellationToken)
    {
        var scores = new PadFrameScore[analysis.Frames.Count];
        ForEachFrame(scores.Length, i =>
        {
            var frame = analysis.Frames[i];
            scores[i] = frame switch
            {
                { Readable: false } or { Image: null } => new PadFrameScore(i, float.NaN, [], false, false),
                { Subject: null } => new PadFrameScore(i, float.NaN, [], false, true),
                _ => ScoreFace(frame.Image, frame.Subject.Box, i),
            };
        }, cancellationToken);
        return scores;
    }

    /// <summary>Scores every frame of a capture.</summary>
    /// <param name="capture">The capture.</param>
    /// <param name="cancellationToken">Cancels between frames.</param>
    /// <returns>One score per frame.</returns>
    public IReadOnlyList<PadFrameScore> ScoreFrames(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var scores = new PadFrameScore[capture.Frames.Count];
        ForEachFrame(scores.Length, i =>
        {
            var decoded = FrameReader.Read(_decoder, capture.Frames[i]);
            if (!decoded.TryGetValue(out var image, out _))
            {
                scores[i] = new PadFrameScore(i, float.NaN, [], false, false);
                return;
            }

            using (image)
            {
                scores[i] = ScoreImage(image, i);
            }
        }, cancellationToken);
        return scores;
    }

    /// <summary>Scores one decoded, upright image.</summary>
    /// <param name="image">The image.</param>
    /// <param name="frameIndex">Index reported in the result.</param>
    /// <returns>The frame's score.</returns>
    public PadFrameScore ScoreImage(PixelBuffer image, int frameIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        var subject = SubjectSelection.Choose(_detector.Detect(image));
        return subject is null ? new PadFrameScore(frameIndex, float.NaN, [], false, true) : ScoreFace(image, subject.Box, frameIndex);
    }

    /// <summary>Scores a face already located in <paramref name="image"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="box">The face.</param>
    /// <param name="frameIndex">Index reported in the result.</param>
    /// <returns>The frame's score.</returns>
    public PadFrameScore ScoreFace(PixelBuffer image, FaceBox box, int frameIndex = 0)
    {
        var perModel = new float[_models.Length];
        var lowest = float.PositiveInfinity;
        for (var m = 0; m < _models.Length; m++)
        {
            perModel[m] = _models[m].Score(image, box);
            lowest = MathF.Min(lowest, perModel[m]);
        }

        return new PadFrameScore(frameIndex, lowest, perModel, true, true);
    }

    /// <summary>Runs <paramref name="score"/> for every frame index, up to <see cref="FrameParallelism"/> at once.</summary>
    private void ForEachFrame(int count, Action<int> score, CancellationToken cancellationToken)
    {
        if (count <= 1 || FrameParallelism <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                score(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = FrameParallelism, CancellationToken = cancellationToken }, score);
    }

    /// <summary>The capture decision from per-frame scores.</summary>
    /// <param name="frames">Scores of the capture's frames.</param>
    /// <returns>The result.</returns>
    public LivenessResult Decide(IReadOnlyList<PadFrameScore> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var scored = frames.Where(f => f.FaceFound).ToArray();
        if (scored.Length == 0)
        {
            var unreadable = frames.Count > 0 && frames.All(f => !f.Readable);
            return new LivenessResult(float.NaN, LivenessDecision.Inconclusive, [unreadable ? LivenessReason.UnreadableFrame : LivenessReason.NoFace])
            {
                Detail = $"{Name}: no frame with a face out of {frames.Count}.",
            };
        }

        // Each model's capture score is its mean over the frames; any model below its threshold refuses.
        var live = true;
        var score = float.PositiveInfinity;
        var detail = new System.Text.StringBuilder();
        for (var m = 0; m < _models.Length; m++)
        {
            var mean = (float)scored.Average(f => f.ModelScores[m]);
            var says = mean >= _thresholds[m];
            live &= says;
            score = MathF.Min(score, mean);
            detail.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(m == 0 ? string.Empty : "; ")}{_models[m].Name} {mean:0.000} vs {_thresholds[m]:0.000} ({(says ? "live" : "spoof")})");
        }

        return new LivenessResult(score, live ? LivenessDecision.Live : LivenessDecision.Spoof, [live ? LivenessReason.PassiveScoreAboveThreshold : LivenessReason.PassiveScoreBelowThreshold])
        {
            Detail = FormattableString.Invariant($"{Name}: {detail} over {scored.Length}/{frames.Count} frame(s)."),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsModels)
        {
            foreach (var model in _models)
            {
                model.Dispose();
            }
        }
    }
}
