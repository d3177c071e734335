using EId.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Registry;

/// <summary>
/// Returned by <c>AddEIdRegistry</c>: chooses where this host's own registry lives (<c>UseInMemory()</c>,
/// <c>UseSqlite(path)</c>, the default; <c>UsePostgres(connectionString, schema)</c> for several registry hosts).
/// Reaching a remote registry is <c>RegistryOptions.Remote.Enabled</c>.
/// </summary>
public sealed class EIdRegistryBuilder : EIdStorageBuilder<EIdRegistryBuilder, RegistryOptions>
{
    internal EIdRegistryBuilder(IServiceCollection services)
        : base(services, o => o.Storage)
    {
    }
}
