using EId.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Postal;

/// <summary>
/// Returned by <c>AddEIdPostal</c>: chooses where the parcel ledger lives (<c>UseInMemory()</c>, <c>UseSqlite(path)</c>, the
/// default; <c>UsePostgres(connectionString, schema)</c>). Another ledger store is one more method here that sets the
/// storage and registers its <c>ILedgerStore</c> before <c>AddEIdPostal</c>'s default (registrations use TryAdd).
/// </summary>
public sealed class EIdPostalBuilder : EIdStorageBuilder<EIdPostalBuilder, PostalOptions>
{
    internal EIdPostalBuilder(IServiceCollection services)
        : base(services, o => o.Storage)
    {
    }
}
