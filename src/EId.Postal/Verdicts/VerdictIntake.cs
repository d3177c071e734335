using System.Security.Cryptography;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Verdicts;

/// <summary>
/// The postal server's side of the three-host flow (S2 → S3 → S4): accepts a parcel only on a verdict signed by a trusted
/// identity-server key, bound to this parcel (waybill and parcel-details hash), fresh (issued within <see cref="VerdictOptions.MaxAge"/>,
/// not in the future beyond <see cref="VerdictOptions.ClockSkew"/>, not expired) and not used before; then records the parcel
/// (sender as the verdict's token, no personal data) and answers with the signed ledger receipt.
/// </summary>
public sealed class VerdictIntake
{
    private readonly VerdictVerifier _verifier;
    private readonly IVerdictReplayGuard _replay;
    private readonly IParcelLedgerSet _ledger;
    private readonly Outcomes.IIntakeOutcomeRecorder _outcomes;
    private readonly IItemPolicy _itemPolicy;
    private readonly TimeProvider _time;
    private readonly VerdictOptions _options;
    private readonly ILogger<VerdictIntake> _logger;

    /// <summary>Creates the intake.</summary>
    /// <param name="verifier">The verifier over the trust list.</param>
    /// <param name="replay">Used verdict ids.</param>
    /// <param name="ledger">The parcel ledger (a single <see cref="ParcelLedger"/> or the streams of the partitioned one); each parcel goes to the ledger that owns its waybill.</param>
    /// <param name="itemPolicy">The prohibited-item policy.</param>
    /// <param name="options">Freshness window.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="outcomes">Where decisions are recorded for statistics (refusals included); none by default.</param>
    public VerdictIntake(VerdictVerifier verifier, IVerdictReplayGuard replay, IParcelLedgerSet ledger, IItemPolicy itemPolicy, IOptions<VerdictOptions> options, TimeProvider time, ILogger<VerdictIntake>? logger = null, Outcomes.IIntakeOutcomeRecorder? outcomes = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(itemPolicy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _verifier = verifier;
        _replay = replay;
        _ledger = ledger;
        _itemPolicy = itemPolicy;
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<VerdictIntake>.Instance;
        _outcomes = outcomes ?? Outcomes.NoIntakeOutcomeRecorder.Instance;
    }

    /// <summary>Checks the verdict and, when the sender is verified, records the parcel.</summary>
    /// <param name="submission">The identity server's submission.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer for the handheld.</returns>
    public async ValueTask<IntakeResult> AcceptAsync(VerdictSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var result = await DecideAsync(submission, cancellationToken).ConfigureAwait(false);
        // A refused verdict (untrusted, unbound, stale, replayed) is not an intake decision: the recorder keeps only
        // accepted parcels, prohibited items and failed identity checks, as for the single-server intake.
        await _outcomes.RecordAsync(submission.Parcel, null, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async ValueTask<IntakeResult> DecideAsync(VerdictSubmission submission, CancellationToken cancellationToken)
    {
        var parcel = submission.Parcel;
        var waybill = parcel.WaybillNumber ?? string.Empty;
        if (Check(submission, out var verified) is { } refusal)
        {
            _logger.LogWarning("Refused a verdict for waybill {Waybill}: {Problem}.", waybill, refusal.Reason);
            return new IntakeResult { Status = IntakeStatus.VerdictRejected, WaybillNumber = waybill, VerdictProblem = refusal.Reason };
        }

        var verdict = verified!;
        if (ParcelRules.Check(parcel) is { } parcelError)
        {
            return new IntakeResult { Status = IntakeStatus.ParcelRejected, WaybillNumber = waybill, Error = parcelError };
        }

        var item = await _itemPolicy.CheckAsync(parcel, cancellationToken).ConfigureAwait(false);
        if (!item.Accepted)
        {
            return new IntakeResult
            {
                Status = IntakeStatus.ItemProhibited,
                WaybillNumber = waybill,
                Error = new Failure<ParcelError>(ParcelError.ItemProhibited, item.Reason ?? "The item may not be sent."),
            };
        }

        // Registered only now: a forged or unbound verdict cannot use up a genuine verdict's id.
        if (!await _replay.TryRegisterAsync(verdict.KeyId, verdict.VerdictId, verdict.ExpiresAt, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogWarning("Refused a replayed verdict {Verdict}.", verdict);
            return new IntakeResult { Status = IntakeStatus.VerdictRejected, WaybillNumber = waybill, VerdictProblem = VerdictError.Replayed };
        }

        var verification = new SenderVerification(verdict.Outcome, verdict.FaceScore, verdict.LivenessScore, verdict.IssuedAt) { VerifierId = verdict.KeyId, Method = verdict.Method };
        if (!verdict.IsVerified)
        {
            return new IntakeResult { Status = IntakeStatus.SenderRejected, WaybillNumber = waybill, Verification = verification, Reasons = verdict.Reasons };
        }

        var record = new ParcelRecord
        {
            WaybillNumber = waybill.Trim(),
            SenderToken = verdict.SenderToken!,
            SenderNameMasked = verdict.SenderNameMasked!,
            SenderPhoneMasked = verdict.SenderPhoneMasked,
            ItemCategory = parcel.ItemCategory,
            ItemDescription = parcel.ItemDescription,
            WeightGrams = parcel.WeightGrams,
            OriginRegion = parcel.OriginRegion.Trim(),
            DestinationRegion = parcel.DestinationRegion.Trim(),
            CourierId = verdict.CourierId,
            DeviceId = verdict.DeviceId,
            Verification = verification,
            AcceptedAt = _time.GetUtcNow(),
        };
        var owner = _ledger.ForWaybill(record.WaybillNumber);
        var appended = await owner.TryAppendAsync(record, cancellationToken).ConfigureAwait(false);
        if (!appended.IsSuccess)
        {
            return new IntakeResult { Status = IntakeStatus.ParcelRejected, WaybillNumber = waybill, Verification = verification, Reasons = verdict.Reasons, Error = appended.Error };
        }

        _logger.LogInformation("Accepted parcel {Waybill} from {Sender} on {Verdict} as entry {Sequence}.", record.WaybillNumber, record.SenderNameMasked, verdict, appended.Value.Sequence);
        return new IntakeResult
        {
            Status = IntakeStatus.Accepted,
            WaybillNumber = record.WaybillNumber,
            Verification = verification,
            Reasons = verdict.Reasons,
            Receipt = owner.SignReceipt(appended.Value),
            SenderNameMasked = record.SenderNameMasked,
            SenderPhoneMasked = record.SenderPhoneMasked,
        };
    }

    /// <summary>Signature, trust, binding and freshness, without recording anything; null when the verdict may be used.</summary>
    /// <param name="submission">The submission.</param>
    /// <returns>Why the verdict is refused, or null.</returns>
    public Failure<VerdictError>? Check(VerdictSubmission submission) => Check(submission, out _);

    private Failure<VerdictError>? Check(VerdictSubmission submission, out IdentityVerdict? verdict)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (!_verifier.Verify(submission.Verdict).TryGetValue(out verdict, out var error))
        {
            return error;
        }

        if (submission.Parcel is null || !string.Equals(verdict.WaybillNumber, submission.Parcel.WaybillNumber, StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(verdict.ParcelHash.Span, ParcelBinding.Hash(submission.Parcel)))
        {
            return new Failure<VerdictError>(VerdictError.NotBound, "The verdict is for another parcel.");
        }

        var now = _time.GetUtcNow();
        if (verdict.IssuedAt > now + _options.ClockSkew)
        {
            return new Failure<VerdictError>(VerdictError.NotYetValid, "The verdict's issue time is in the future.");
        }

        if (now >= verdict.ExpiresAt || now - verdict.IssuedAt > _options.MaxAge)
        {
            return new Failure<VerdictError>(VerdictError.Expired, "The verdict has expired.");
        }

        return null;
    }
}
