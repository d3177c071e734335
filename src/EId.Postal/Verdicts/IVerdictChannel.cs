using EId.Postal.Courier;

namespace EId.Postal.Verdicts;

/// <summary>How the identity server reaches the postal server with a verdict: in process, or over HTTP.</summary>
public interface IVerdictChannel
{
    /// <summary>Sends one verdict and returns the postal server's answer (S4, relayed to the handheld).</summary>
    ValueTask<IntakeResult> SubmitAsync(VerdictSubmission submission, CancellationToken cancellationToken = default);
}
