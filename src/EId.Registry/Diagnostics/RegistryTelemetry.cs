using System.Diagnostics.Metrics;
using EId.Diagnostics;

namespace EId.Registry;

/// <summary>
/// The identity registry's instruments on the meter and activity source <see cref="SourceName"/>:
/// <c>eid.registry.lookups</c> (counter) and <c>eid.registry.lookup.duration</c> (histogram, s) per citizen lookup,
/// <c>eid.registry.writes</c> and <c>eid.registry.write.duration</c> per issuance write-back, tagged <c>eid.outcome</c>
/// (ok, refused, error), <c>eid.reason</c> (the <see cref="RegistryError"/> of a refusal) and <c>eid.kind</c> (sqlite, memory,
/// remote); activities <c>eid.registry.lookup</c> and <c>eid.registry.write</c>. No tag carries an ID number or name.
/// </summary>
public sealed class RegistryTelemetry : EIdTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string SourceName = "EId.Registry";

    /// <summary>Creates the instruments.</summary>
    /// <param name="meters">The host's meter factory; null gives this instance its own meter (prefer <see cref="Shared"/>).</param>
    public RegistryTelemetry(IMeterFactory? meters = null)
        : base(SourceName, meters)
    {
        Lookup = CreateOperation("eid.registry.lookup", "eid.registry.lookups", "{lookup}", "identity registry lookups");
        Write = CreateOperation("eid.registry.write", "eid.registry.writes", "{write}", "issuance write-backs to the identity registry");
    }

    /// <summary>The instance for registries built without DI (its own process-wide meter).</summary>
    public static RegistryTelemetry Shared { get; } = new();

    internal TelemetryOperation Lookup { get; }

    internal TelemetryOperation Write { get; }

    /// <summary>Runs <paramref name="call"/> as one <paramref name="operation"/> of the registry <paramref name="kind"/>.</summary>
    internal static async ValueTask<Result<T, Failure<RegistryError>>> MeasureAsync<T>(TelemetryOperation operation, string kind, Func<ValueTask<Result<T, Failure<RegistryError>>>> call)
    {
        using var scope = operation.Start();
        var result = await call().ConfigureAwait(false);
        scope.Complete(
            result.IsSuccess ? "ok" : "refused",
            EIdTags.Tag(EIdTags.Reason, result.IsSuccess ? null : result.Error.Reason.ToString()),
            EIdTags.Tag(EIdTags.Kind, kind));
        return result;
    }
}
