namespace EId.Issuance;

/// <summary>
/// The issuance system: for one kiosk request runs the gateway, registry, document, face, liveness,
/// credential, write-back and risk steps, and answers with a typed outcome. Idempotent per request id.
/// </summary>
public interface IIssuer
{
    /// <summary>Decides one request. Expected refusals are outcomes, never exceptions.</summary>
    /// <param name="request">The request.</param>
    /// <param name="progress">Optional step-by-step progress (for a kiosk screen).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The issued credential or the refusal.</returns>
    ValueTask<IssuanceOutcome> IssueAsync(IssuanceRequest request, IProgress<IssuanceProgress>? progress = null, CancellationToken cancellationToken = default);
}
