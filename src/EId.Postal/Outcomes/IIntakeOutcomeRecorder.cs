using EId.Postal.Courier;

namespace EId.Postal.Outcomes;

/// <summary>
/// The hook <see cref="ParcelIntake"/> calls once per handled request, after deciding, so that statistics can count
/// refusals (the ledger holds accepted parcels only). Implementations must not change or delay the answer on their own
/// failures: the decision already stands.
/// </summary>
public interface IIntakeOutcomeRecorder
{
    /// <summary>Records what intake answered to <paramref name="request"/>.</summary>
    /// <param name="request">The handheld's request.</param>
    /// <param name="result">Intake's answer.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    ValueTask RecordAsync(SenderCheckRequest request, IntakeResult result, CancellationToken cancellationToken = default);
}
