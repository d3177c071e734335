namespace EId.Faces;

/// <summary>A presentation-attack detection check over a live capture. Implementations can be fused.</summary>
public interface ILivenessCheck
{
    /// <summary>Short name for reasons and metrics (e.g. <c>fr_liveness</c>, <c>active-challenge</c>).</summary>
    string Name { get; }

    /// <summary>Checks the capture.</summary>
    ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks an already analysed capture. Implementations reuse the analysis (decoded frames, detections) when it is
    /// compatible with their own and decide exactly as <see cref="CheckAsync(FaceCapture, CancellationToken)"/> would; the
    /// default ignores it and checks <see cref="FaceCaptureAnalysis.Capture"/>.
    /// </summary>
    /// <param name="analysis">The analysed capture.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    ValueTask<LivenessResult> CheckAsync(FaceCaptureAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return CheckAsync(analysis.Capture, cancellationToken);
    }
}
