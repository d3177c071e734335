using EId.Biometrics.Detection;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Passive (single-image) presentation-attack detection with one or several PAD models. Each frame is decoded once
/// (EXIF orientation applied), the subject face detected, and every model scored; the models' P(live) are fused by a
/// weighted mean, and the capture score is the mean over the frames with a face. Live when the capture score reaches
/// <see cref="Threshold"/>.
/// </summary>
/// <remarks>Thread-safe. Does not own the decoder or detector; owns the models when <c>ownsModels</c> is true.</remarks>
public sealed class PassiveLivenessCheck : ILivenessCheck, IDisposable
{
    private readonly IImageDecoder _decoder;
    private readonly IFaceDetector _detector;
    private readonly PadModel[] _models;
    private readonly float[] _weights;
    private readonly bool _ownsModels;

    /// <summary>Creates a check.</summary>
    /// <param name="decoder">Frame decoder (must apply EXIF orientation; <see cref="SkiaImageDecoder"/> does).</param>
    /// <param name="detector">Face detector.</param>
    /// <param name="models">One or more PAD models.</param>
    /// <param name="threshold">Capture score at or above which the capture is live.</param>
    /// <param name="weights">Fusion weight per model (null = equal).</param>
    /// <param name="name">Name for reasons and metrics (default: the model names joined with <c>+</c>).</param>
    /// <param name="ownsModels">Whether <see cref="Dispose"/> disposes the models.</param>
    public PassiveLivenessCheck(IImageDecoder decoder, IFaceDetector detector, IReadOnlyList<PadModel> models, float threshold, IReadOnlyList<float>? weights = null, string? name = null, bool ownsModels = false)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("At least one PAD model is needed.", nameof(models));
        }

        if (weights is not null && (weights.Count != models.Count || weights.Any(w => !(w >= 0)) || weights.Sum() <= 0))
        {
            throw new ArgumentException("One non-negative weight per model, not all zero.", nameof(weights));
        }

        _decoder = decoder;
        _detector = detector;
        _models = [.. models];
        _weights = weights is null ? [.. models.Select(_ => 1f)] : [.. weights];
        _ownsModels = ownsModels;
        Threshold = threshold;
        Name = name ?? string.Join('+', models.Select(m => m.Name));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The decision threshold on the fused capture score.</summary>
    public float Threshold { get; }

    /// <summary>The models, in fusion order.</summary>
    public IReadOnlyList<PadModel> Models => _models;

    /// <summary>Most frames scored at once (the calling thread takes part). Default: the processor count; 1 scores frame by frame.</summary>
    public int FrameParallelism { get; init; } = Environment.ProcessorCount;

    /// <inheritdoc />
    public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var frames = ScoreFrames(capture, cancellationToken);
        return ValueTask.FromResult(Decide(frames));
    }

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
        return ValueTask.FromResult(Decide(scores));
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
        double sum = 0, weight = 0;
        for (var m = 0; m < _models.Length; m++)
        {
            perModel[m] = _models[m].Score(image, box);
            sum += _weights[m] * perModel[m];
            weight += _weights[m];
        }

        return new PadFrameScore(frameIndex, (float)(sum / weight), perModel, true, true);
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

        var score = scored.Average(f => f.Score);
        var live = score >= Threshold;
        return new LivenessResult(score, live ? LivenessDecision.Live : LivenessDecision.Spoof, [live ? LivenessReason.PassiveScoreAboveThreshold : LivenessReason.PassiveScoreBelowThreshold])
        {
            Detail = FormattableString.Invariant($"{Name}: {score:0.000} vs threshold {Threshold:0.000} over {scored.Length}/{frames.Count} frame(s)."),
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
