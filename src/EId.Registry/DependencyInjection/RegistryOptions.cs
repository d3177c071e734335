using EId.Registry.Remote;
using EId.Storage;

namespace EId.Registry;

/// <summary>Options of <c>AddEIdRegistry</c>: which registry to use and, on the registry host, the sealed endpoint.</summary>
public sealed class RegistryOptions
{
    /// <summary>
    /// Where this host's own registry lives (default SQLite <c>eid-registry.db</c>; PostgreSQL schema <c>eid_registry</c>, where
    /// every registry host shares citizens, issuances and the sealed channel's accepted message ids). It is the host's
    /// <see cref="IIdentityRegistry"/> unless <see cref="SealedRegistryClientOptions.Enabled"/>, and what
    /// <see cref="Server"/> serves. Set with <c>AddEIdRegistry().UseSqlite/UsePostgres/UseInMemory</c> or configuration
    /// <c>EId:Registry:Storage:Backend</c>.
    /// </summary>
    public StorageOptions Storage { get; } = new() { SqlitePath = "eid-registry.db", PostgresSchema = "eid_registry" };

    /// <summary>The remote registry over the sealed channel: with <see cref="SealedRegistryClientOptions.Enabled"/> it is the host's <see cref="IIdentityRegistry"/>.</summary>
    public SealedRegistryClientOptions Remote { get; } = new();

    /// <summary>The sealed endpoint this host serves (registry hosts only), over the local <see cref="Storage"/>.</summary>
    public SealedRegistryServerOptions Server { get; } = new();
}
