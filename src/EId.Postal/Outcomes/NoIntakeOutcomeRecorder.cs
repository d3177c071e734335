using EId.Postal.Courier;
using EId.Postal.Parcels;

namespace EId.Postal.Outcomes;

/// <summary>The default hook: records nothing (statistics then see accepted parcels only).</summary>
public sealed class NoIntakeOutcomeRecorder : IIntakeOutcomeRecorder
{
    /// <summary>The shared instance.</summary>
    public static NoIntakeOutcomeRecorder Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask RecordAsync(ParcelDetails parcel, string? method, IntakeResult result, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
