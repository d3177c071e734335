using EId.Postal.Courier;

namespace EId.Postal.Verdicts;

/// <summary>
/// The identity server's intake (S1 → S2 → S4): checks the sender, signs the verdict, sends it with the parcel to the postal
/// server and returns the postal server's answer to the handheld unchanged (its ledger receipt is signed by the postal server).
/// An <see cref="IIntakeChannel"/>, so the identity server's route is the same <see cref="IntakeEndpoint"/> as the postal
/// server's single-process one. When the postal server cannot be reached the answer is <see cref="IntakeStatus.PostalUnavailable"/>
/// (the endpoint answers 503).
/// </summary>
/// <param name="issuer">The verdict issuer.</param>
/// <param name="postal">The channel to the postal server.</param>
public sealed class VerdictRelay(VerdictIssuer issuer, IVerdictChannel postal) : IIntakeChannel
{
    /// <inheritdoc />
    public async ValueTask<IntakeResult> SubmitAsync(SenderCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = await issuer.IssueAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await postal.SubmitAsync(new VerdictSubmission { Verdict = signed.Bytes, Parcel = request.Parcel }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The handheld gets a typed answer it can retry on, not a bare 500.
            return new IntakeResult { Status = IntakeStatus.PostalUnavailable, WaybillNumber = request.Parcel.WaybillNumber ?? string.Empty };
        }
    }
}
