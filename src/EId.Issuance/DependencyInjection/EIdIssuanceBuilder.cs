using EId.Issuance.Issuing;
using EId.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Issuance;

/// <summary>
/// Returned by <c>AddEIdIssuance</c>: chooses where the request journal lives (<c>UseInMemory()</c>, the default;
/// <c>UseSqlite(path)</c>; <c>UsePostgres(connectionString, schema)</c> for several issuer instances).
/// </summary>
public sealed class EIdIssuanceBuilder : EIdStorageBuilder<EIdIssuanceBuilder, IssuerOptions>
{
    internal EIdIssuanceBuilder(IServiceCollection services)
        : base(services, o => o.Journal)
    {
    }
}
