using EId.Biometrics.Pipeline;
using EId.Documents;
using EId.Faces;

namespace EId.Biometrics.Matching;

/// <summary>
/// "Is the live person the person on the document?": enrols the portrait (its template can be cached) and compares it
/// with every readable live frame, keeping the best-scoring frame.
/// </summary>
/// <param name="pipeline">Decode/detect/landmark/embed pipeline.</param>
/// <param name="matcher">Matcher with the decision threshold.</param>
public sealed class FaceVerifier(FacePipeline pipeline, IFaceMatcher matcher) : IFaceVerifier
{
    private readonly FacePipeline _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    private readonly IFaceMatcher _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));

    private float Threshold => _matcher is CosineFaceMatcher cosine ? cosine.Threshold : float.NaN;

    /// <inheritdoc />
    public ValueTask<Result<FaceTemplate, FaceMatch>> EnrollAsync(DocumentPortrait portrait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        cancellationToken.ThrowIfCancellationRequested();
        var analysis = _pipeline.Analyze(portrait.Data.Span);
        if (analysis.TryGetValue(out var face, out var error))
        {
            return ValueTask.FromResult(Result<FaceTemplate, FaceMatch>.Success(face.Template));
        }

        var reason = error.Reason == FaceAnalysisError.Unreadable ? FaceMatchReason.ReferenceUnreadable : FaceMatchReason.NoFaceInReference;
        return ValueTask.FromResult(Result<FaceTemplate, FaceMatch>.Failure(Inconclusive(reason)));
    }

    /// <inheritdoc />
    public async ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceCapture live, CancellationToken cancellationToken = default)
    {
        var enrolled = await EnrollAsync(reference, cancellationToken).ConfigureAwait(false);
        return enrolled.TryGetValue(out var template, out var failure)
            ? await VerifyAsync(template, live, cancellationToken).ConfigureAwait(false)
            : failure;
    }

    /// <inheritdoc />
    public ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCapture live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        if (reference.ModelId != _pipeline.Embedder.ModelId)
        {
            return ValueTask.FromResult(Inconclusive(FaceMatchReason.ModelMismatch));
        }

        FaceMatch? best = null;
        int? bestIndex = null;
        var unreadable = 0;
        var severalFaces = false;
        for (var i = 0; i < live.Frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var decoded = _pipeline.Decode(live.Frames[i]);
            if (!decoded.TryGetValue(out var image, out _))
            {
                unreadable++;
                continue;
            }

            using (image)
            {
                if (!_pipeline.Analyze(image).TryGetValue(out var face, out _))
                {
                    continue;
                }

                severalFaces |= face.FaceCount > 1;
                var match = _matcher.Compare(reference, face.Template);
                if (best is null || match.Score > best.Score)
                {
                    best = match;
                    bestIndex = i;
                }
            }
        }

        if (best is null)
        {
            var reason = live.Frames.Count > 0 && unreadable == live.Frames.Count ? FaceMatchReason.ProbeUnreadable : FaceMatchReason.NoFaceInProbe;
            return ValueTask.FromResult(Inconclusive(reason));
        }

        var reasons = severalFaces ? [.. best.Reasons, FaceMatchReason.SeveralFaces] : best.Reasons;
        return ValueTask.FromResult(best with { FrameIndex = bestIndex, Reasons = reasons });
    }

    private FaceMatch Inconclusive(FaceMatchReason reason) => new(float.NaN, Threshold, MatchDecision.Inconclusive, [reason]);
}
