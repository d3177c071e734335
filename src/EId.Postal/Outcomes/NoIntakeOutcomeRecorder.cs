using EId.Postal.Courier;

namespace EId.Postal.Outcomes;

/// <summary>The default hook: records nothing (statistics then see accepted parcels only).</summary>
public sealed class NoIntakeOutcomeRecorder : IIntakeOutcomeRecorder
{
    /// <summary>The shared instance.</summary>
    public static NoIntakeOutcomeRecorder Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask RecordAsync(SenderCheckRequest request, IntakeResult result, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
