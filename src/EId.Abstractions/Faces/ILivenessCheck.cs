namespace EId.Faces;

/// <summary>A presentation-attack detection check over a live capture. Implementations can be fused.</summary>
public interface ILivenessCheck
{
    /// <summary>Short name for reasons and metrics (e.g. <c>fr_liveness</c>, <c>active-challenge</c>).</summary>
    string Name { get; }

    /// <summary>Checks the capture.</summary>
    ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default);
}
