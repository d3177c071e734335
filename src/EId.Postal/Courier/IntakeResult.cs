using EId.Postal.Parcels;

namespace EId.Postal.Courier;

/// <summary>How the postal server answered the handheld.</summary>
public enum IntakeStatus
{
    /// <summary>Sender verified, parcel recorded in the ledger; print the waybill.</summary>
    Accepted = 1,

    /// <summary>The parcel details are invalid (waybill, region, fields) or the waybill is already used.</summary>
    ParcelRejected = 2,

    /// <summary>The item may not be sent.</summary>
    ItemProhibited = 3,

    /// <summary>The sender was not verified; see the verdict and reasons.</summary>
    SenderRejected = 4,

    /// <summary>
    /// The handheld itself was refused (unsigned, unknown, suspended or replayed request; see
    /// <see cref="IntakeResult.GatewayReasons"/>): nothing was checked or recorded.
    /// </summary>
    DeviceRejected = 5,

    /// <summary>
    /// The identity server's verdict was refused (untrusted key, bad signature, another parcel's, stale or used before; see
    /// <see cref="IntakeResult.VerdictProblem"/>): nothing was recorded.
    /// </summary>
    VerdictRejected = 6,

    /// <summary>
    /// The identity server could not reach the postal server (or it failed) after checking the sender: the parcel may or may
    /// not have been recorded. Retry: a fresh verdict for the same waybill is accepted, or refused as a used waybill if the
    /// first one was recorded.
    /// </summary>
    PostalUnavailable = 7,
}

/// <summary>The postal server's answer to the handheld. Carries no personal data beyond the masked display name.</summary>
public sealed record IntakeResult
{
    /// <summary>The outcome.</summary>
    public required IntakeStatus Status { get; init; }

    /// <summary>The waybill number the request named.</summary>
    public required string WaybillNumber { get; init; }

    /// <summary>The identity server's verification, when the sender was checked.</summary>
    public SenderVerification? Verification { get; init; }

    /// <summary>Why the identity server decided as it did.</summary>
    public IReadOnlyList<SenderCheckReason> Reasons { get; init; } = [];

    /// <summary>
    /// The postal server's signed receipt for the ledger entry, when accepted: keep it to prove later that the entry is still
    /// there unchanged. Its JSON is a superset of the unsigned <see cref="LedgerReceipt"/>'s, which older handhelds read.
    /// </summary>
    public Ledger.SignedLedgerReceipt? Receipt { get; init; }

    /// <summary>The parcel error, when the parcel or item was refused.</summary>
    public Failure<ParcelError>? Error { get; init; }

    /// <summary>The masked sender name for the waybill (e.g. <c>张*</c>), when accepted.</summary>
    public string? SenderNameMasked { get; init; }

    /// <summary>The masked sender phone for the waybill, when accepted.</summary>
    public string? SenderPhoneMasked { get; init; }

    /// <summary>The security gateway's reason codes when the handheld was refused (<see cref="IntakeStatus.DeviceRejected"/>).</summary>
    public IReadOnlyList<string> GatewayReasons { get; init; } = [];

    /// <summary>Why the postal server refused the identity server's verdict (<see cref="IntakeStatus.VerdictRejected"/>).</summary>
    public Verdicts.VerdictError? VerdictProblem { get; init; }

    /// <summary>True when the parcel was accepted.</summary>
    public bool IsAccepted => Status == IntakeStatus.Accepted;
}
