using EId.Biometrics.Pipeline;
using EId.Documents;
using EId.Faces;

namespace EId.Biometrics.Matching;

/// <summary>
/// "Is the live person the person on the document?": enrols the portrait (its template can be cached) and compares it
/// with every readable live frame, keeping the best-scoring frame.
/// </summary>
/// <remarks>
/// With a <see cref="FaceTemplateCache"/>, a portrait whose bytes were enrolled before is not detected and embedded again.
/// A <see cref="FaceCaptureAnalysis"/> made by the same <see cref="FacePipeline"/> is reused instead of analysing the
/// frames again; the decision is the same either way.
/// </remarks>
/// <param name="pipeline">Decode/detect/landmark/embed pipeline.</param>
/// <param name="matcher">Matcher with the decision threshold.</param>
/// <param name="referenceCache">Cache of reference templates; null enrols every time.</param>
public sealed class FaceVerifier(FacePipeline pipeline, IFaceMatcher matcher, FaceTemplateCache? referenceCache = null) : IFaceVerifier
{
    private readonly FacePipeline _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    private readonly IFaceMatcher _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));

    /// <summary>The metrics and activities of this verifier (meter and activity source <see cref="BiometricsTelemetry.SourceName"/>).</summary>
    public BiometricsTelemetry Telemetry { get; init; } = BiometricsTelemetry.Shared;

    /// <summary>The reference-template cache, if any.</summary>
    public FaceTemplateCache? ReferenceCache { get; } = referenceCache;

    private float Threshold(FaceReferenceKind kind) => _matcher is CosineFaceMatcher cosine ? cosine.Thresholds.For(kind) : float.NaN;

    /// <inheritdoc />
    public ValueTask<Result<FaceTemplate, FaceMatch>> EnrollAsync(DocumentPortrait portrait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        cancellationToken.ThrowIfCancellationRequested();
        var key = ReferenceCache is null ? default : FaceTemplateCache.KeyOf(_pipeline.Embedder.ModelId, portrait.Data.Span);
        if (ReferenceCache is not null && ReferenceCache.TryGet(key, out var cached))
        {
            return ValueTask.FromResult(Result<FaceTemplate, FaceMatch>.Success(cached));
        }

        var analysis = _pipeline.Analyze(portrait.Data.Span);
        if (analysis.TryGetValue(out var face, out var error))
        {
            ReferenceCache?.Add(key, face.Template);
            return ValueTask.FromResult(Result<FaceTemplate, FaceMatch>.Success(face.Template));
        }

        var reason = error.Reason == FaceAnalysisError.Unreadable ? FaceMatchReason.ReferenceUnreadable : FaceMatchReason.NoFaceInReference;
        return ValueTask.FromResult(Result<FaceTemplate, FaceMatch>.Failure(Inconclusive(reason, FaceReferenceKind.Portrait)));
    }

    /// <inheritdoc />
    public ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceCapture live, CancellationToken cancellationToken = default) =>
        VerifyAsync(reference, FaceReferenceKind.Portrait, live, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceReferenceKind kind, FaceCapture live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        var enrolled = await EnrollAsync(reference, cancellationToken).ConfigureAwait(false);
        return enrolled.TryGetValue(out var template, out var failure)
            ? Best(template, kind, live.Frames.Count, i => AnalyzeFrame(live.Frames[i]), cancellationToken)
            : failure;
    }

    /// <inheritdoc />
    public ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCapture live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        return ValueTask.FromResult(Best(reference, FaceReferenceKind.Portrait, live.Frames.Count, i => AnalyzeFrame(live.Frames[i]), cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Reuses <paramref name="live"/> only when this verifier's pipeline made it; otherwise analyses its capture.</remarks>
    public ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCaptureAnalysis live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        if (!ReferenceEquals(live.Analyzer, _pipeline))
        {
            return VerifyAsync(reference, live.Capture, cancellationToken);
        }

        return ValueTask.FromResult(Best(reference, FaceReferenceKind.Portrait, live.Frames.Count, i => (live.Frames[i].Readable, live.Frames[i].Faces.Count, live.Frames[i].Template), cancellationToken));
    }

    /// <summary>The best-scoring frame's match; <paramref name="frame"/> gives each frame's readability, face count and subject template.</summary>
    private FaceMatch Best(FaceTemplate reference, FaceReferenceKind kind, int frameCount, Func<int, (bool Readable, int FaceCount, FaceTemplate? Template)> frame, CancellationToken cancellationToken) =>
        Telemetry.Match(() => BestCore(reference, kind, frameCount, frame, cancellationToken));

    private FaceMatch BestCore(FaceTemplate reference, FaceReferenceKind kind, int frameCount, Func<int, (bool Readable, int FaceCount, FaceTemplate? Template)> frame, CancellationToken cancellationToken)
    {
        if (reference.ModelId != _pipeline.Embedder.ModelId)
        {
            return Inconclusive(FaceMatchReason.ModelMismatch, kind);
        }

        FaceMatch? best = null;
        int? bestIndex = null;
        var unreadable = 0;
        var severalFaces = false;
        for (var i = 0; i < frameCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (readable, faceCount, template) = frame(i);
            if (!readable)
            {
                unreadable++;
                continue;
            }

            if (template is null)
            {
                continue;
            }

            severalFaces |= faceCount > 1;
            var match = _matcher.Compare(reference, template, kind);
            if (best is null || match.Score > best.Score)
            {
                best = match;
                bestIndex = i;
            }
        }

        if (best is null)
        {
            var reason = frameCount > 0 && unreadable == frameCount ? FaceMatchReason.ProbeUnreadable : FaceMatchReason.NoFaceInProbe;
            return Inconclusive(reason, kind);
        }

        var reasons = severalFaces ? [.. best.Reasons, FaceMatchReason.SeveralFaces] : best.Reasons;
        return best with { FrameIndex = bestIndex, Reasons = reasons };
    }

    private (bool Readable, int FaceCount, FaceTemplate? Template) AnalyzeFrame(FaceFrame frame)
    {
        if (!_pipeline.Decode(frame).TryGetValue(out var image, out _))
        {
            return (false, 0, null);
        }

        using (image)
        {
            return _pipeline.Analyze(image).TryGetValue(out var face, out _) ? (true, face.FaceCount, face.Template) : (true, 0, null);
        }
    }

    private FaceMatch Inconclusive(FaceMatchReason reason, FaceReferenceKind kind) => new(float.NaN, Threshold(kind), MatchDecision.Inconclusive, [reason]);
}
