using System.Diagnostics.Metrics;
using EId.Diagnostics;

namespace EId.Postal;

/// <summary>
/// The parcel ledger's instruments on the meter and activity source <see cref="SourceName"/>:
/// <c>eid.ledger.appends</c> (counter) and <c>eid.ledger.append.duration</c> (histogram, s) per append transaction (one parcel or
/// a batch), tagged <c>eid.outcome</c> (ok, refused, error) and <c>eid.reason</c> (the <see cref="Parcels.ParcelError"/>);
/// <c>eid.ledger.checkpoints</c> and <c>eid.ledger.checkpoint.duration</c> per explicit or timed checkpoint (outcome written or
/// current); activities <c>eid.ledger.append</c> and <c>eid.ledger.checkpoint</c>. No tag carries a waybill, sender or name.
/// </summary>
public sealed class PostalTelemetry : EIdTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string SourceName = "EId.Postal";

    /// <summary>Creates the instruments.</summary>
    /// <param name="meters">The host's meter factory; null gives this instance its own meter (prefer <see cref="Shared"/>).</param>
    public PostalTelemetry(IMeterFactory? meters = null)
        : base(SourceName, meters)
    {
        Append = CreateOperation("eid.ledger.append", "eid.ledger.appends", "{transaction}", "parcel ledger append transactions");
        Checkpoint = CreateOperation("eid.ledger.checkpoint", "eid.ledger.checkpoints", "{checkpoint}", "parcel ledger checkpoints");
    }

    /// <summary>The instance for ledgers built without DI (its own process-wide meter).</summary>
    public static PostalTelemetry Shared { get; } = new();

    internal TelemetryOperation Append { get; }

    internal TelemetryOperation Checkpoint { get; }
}
