using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Postal.Courier;

/// <summary>
/// The postal server's side of the courier flow: checks the parcel details and the item policy,
/// has the identity server check the sender, records the parcel (sender as the regulator-keyed
/// token, personal data sealed per record) and answers the handheld with what the waybill may show.
/// </summary>
public sealed class ParcelIntake
{
    private readonly SenderIdentityCheck _identity;
    private readonly IParcelLedgerSet _ledger;
    private readonly IItemPolicy _itemPolicy;
    private readonly SubjectPseudonym _senderTokens;
    private readonly TimeProvider _time;
    private readonly ILogger<ParcelIntake> _logger;
    private readonly Outcomes.IIntakeOutcomeRecorder _outcomes;

    /// <summary>Creates the intake.</summary>
    /// <param name="identity">The identity server check (in-process here; hosts may put it behind a channel).</param>
    /// <param name="ledger">The parcel ledger (a single <see cref="ParcelLedger"/> or the streams of the partitioned one); each parcel goes to the ledger that owns its waybill.</param>
    /// <param name="itemPolicy">The prohibited-item policy, consulted before the sender check.</param>
    /// <param name="senderTokens">Pseudonymiser under the regulator's key.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="outcomes">Where each decision is counted for statistics (none by default).</param>
    public ParcelIntake(SenderIdentityCheck identity, IParcelLedgerSet ledger, IItemPolicy itemPolicy, SenderTokenKey senderTokens, TimeProvider time, ILogger<ParcelIntake>? logger = null, Outcomes.IIntakeOutcomeRecorder? outcomes = null)
    {
        _outcomes = outcomes ?? Outcomes.NoIntakeOutcomeRecorder.Instance;
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(itemPolicy);
        ArgumentNullException.ThrowIfNull(senderTokens);
        ArgumentNullException.ThrowIfNull(time);
        _identity = identity;
        _ledger = ledger;
        _itemPolicy = itemPolicy;
        _senderTokens = senderTokens.Pseudonym;
        _time = time;
        _logger = logger ?? NullLogger<ParcelIntake>.Instance;
    }

    /// <summary>Handles one request from a handheld.</summary>
    public async ValueTask<IntakeResult> AcceptAsync(SenderCheckRequest request, CancellationToken cancellationToken = default)
    {
        var result = await DecideAsync(request, cancellationToken).ConfigureAwait(false);
        await _outcomes.RecordAsync(request.Parcel, request.Document is null ? "eid-qr" : "id-card", result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async ValueTask<IntakeResult> DecideAsync(SenderCheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var waybill = request.Parcel.WaybillNumber ?? string.Empty;
        if (ParcelRules.Check(request.Parcel) is { } parcelError)
        {
            return new IntakeResult { Status = IntakeStatus.ParcelRejected, WaybillNumber = waybill, Error = parcelError };
        }

        var item = await _itemPolicy.CheckAsync(request.Parcel, cancellationToken).ConfigureAwait(false);
        if (!item.Accepted)
        {
            return new IntakeResult
            {
                Status = IntakeStatus.ItemProhibited,
                WaybillNumber = waybill,
                Error = new Failure<ParcelError>(ParcelError.ItemProhibited, item.Reason ?? "The item may not be sent."),
            };
        }

        var outcome = await _identity.CheckAsync(request, cancellationToken).ConfigureAwait(false);
        if (!outcome.IsVerified)
        {
            return new IntakeResult { Status = IntakeStatus.SenderRejected, WaybillNumber = waybill, Verification = outcome.Verification, Reasons = outcome.Reasons };
        }

        var pii = outcome.Pii!;
        var record = new ParcelRecord
        {
            WaybillNumber = waybill.Trim(),
            SenderToken = _senderTokens.Of(pii.IdNumber),
            SenderNameMasked = PiiMask.Name(pii.FullName),
            SenderPhoneMasked = pii.Phone is null ? null : PiiMask.Phone(pii.Phone),
            ItemCategory = request.Parcel.ItemCategory,
            ItemDescription = request.Parcel.ItemDescription,
            WeightGrams = request.Parcel.WeightGrams,
            OriginRegion = request.Parcel.OriginRegion.Trim(),
            DestinationRegion = request.Parcel.DestinationRegion.Trim(),
            CourierId = request.CourierId,
            DeviceId = request.DeviceId,
            Verification = outcome.Verification,
            AcceptedAt = _time.GetUtcNow(),
            SenderPii = pii,
        };

        var owner = _ledger.ForWaybill(record.WaybillNumber);
        var appended = await owner.TryAppendAsync(record, cancellationToken).ConfigureAwait(false);
        if (!appended.IsSuccess)
        {
            return new IntakeResult { Status = IntakeStatus.ParcelRejected, WaybillNumber = waybill, Verification = outcome.Verification, Reasons = outcome.Reasons, Error = appended.Error };
        }

        _logger.LogInformation("Accepted parcel {Waybill} from {Sender} as entry {Sequence}.", record.WaybillNumber, record.SenderNameMasked, appended.Value.Sequence);
        return new IntakeResult
        {
            Status = IntakeStatus.Accepted,
            WaybillNumber = record.WaybillNumber,
            Verification = outcome.Verification,
            Reasons = outcome.Reasons,
            Receipt = owner.SignReceipt(appended.Value),
            SenderNameMasked = record.SenderNameMasked,
            SenderPhoneMasked = record.SenderPhoneMasked,
        };
    }
}
