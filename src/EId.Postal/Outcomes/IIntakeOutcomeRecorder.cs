using EId.Postal.Courier;
using EId.Postal.Parcels;

namespace EId.Postal.Outcomes;

/// <summary>
/// The hook <see cref="ParcelIntake"/> and <see cref="Verdicts.VerdictIntake"/> call once per handled request, after deciding, so that statistics can count
/// refusals (the ledger holds accepted parcels only). Implementations must not change or delay the answer on their own
/// failures: the decision already stands.
/// </summary>
public interface IIntakeOutcomeRecorder
{
    /// <summary>Records what intake answered for <paramref name="parcel"/>.</summary>
    /// <param name="parcel">The parcel handed in.</param>
    /// <param name="method">How the identity was presented (<c>id-card</c>, <c>eid-qr</c>) when the answer does not say.</param>
    /// <param name="result">Intake's answer.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    ValueTask RecordAsync(ParcelDetails parcel, string? method, IntakeResult result, CancellationToken cancellationToken = default);
}
