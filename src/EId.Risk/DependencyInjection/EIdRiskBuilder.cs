using EId.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Risk;

/// <summary>
/// Returned by <c>AddEIdRisk</c>: chooses where risk events, devices, nonces and velocity counts live
/// (<c>UseInMemory()</c>, <c>UseSqlite(path)</c>, <c>UsePostgres(connectionString, schema)</c>).
/// </summary>
public sealed class EIdRiskBuilder : EIdStorageBuilder<EIdRiskBuilder, RiskOptions>
{
    internal EIdRiskBuilder(IServiceCollection services)
        : base(services, o => o.Storage)
    {
    }
}
