using EId.Documents;

namespace EId.Faces;

/// <summary>
/// Answers "is the live person the person in the reference portrait?": decodes, detects, aligns,
/// embeds and compares, choosing the best live frame.
/// </summary>
public interface IFaceVerifier
{
    /// <summary>Makes the reference template from a document or registry portrait (cacheable by the caller).</summary>
    ValueTask<Result<FaceTemplate, FaceMatch>> EnrollAsync(DocumentPortrait portrait, CancellationToken cancellationToken = default);

    /// <summary>Verifies a live capture against a reference template.</summary>
    ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCapture live, CancellationToken cancellationToken = default);

    /// <summary>Verifies a live capture against a portrait.</summary>
    ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceCapture live, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies a live capture against a reference face of the given kind, at that kind's threshold (e.g. a credential's
    /// thumbnail, <see cref="FaceReferenceKind.Thumbnail"/>). The default ignores the kind and decides as
    /// <see cref="VerifyAsync(DocumentPortrait, FaceCapture, CancellationToken)"/> (the portrait threshold, the stricter one).
    /// </summary>
    /// <param name="reference">The reference face.</param>
    /// <param name="kind">What the reference is.</param>
    /// <param name="live">The live capture.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The match.</returns>
    ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceReferenceKind kind, FaceCapture live, CancellationToken cancellationToken = default) =>
        VerifyAsync(reference, live, cancellationToken);

    /// <summary>
    /// Verifies an already analysed live capture against a reference template. Implementations reuse the analysis when it
    /// is their own pipeline's and decide exactly as <see cref="VerifyAsync(FaceTemplate, FaceCapture, CancellationToken)"/>
    /// would; the default ignores it and verifies <see cref="FaceCaptureAnalysis.Capture"/>.
    /// </summary>
    /// <param name="reference">The reference template.</param>
    /// <param name="live">The analysed capture.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The match.</returns>
    ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCaptureAnalysis live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        return VerifyAsync(reference, live.Capture, cancellationToken);
    }
}
