using EId.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Postal;

/// <summary>
/// Returned by <c>AddEIdPostal</c>: chooses where the parcel ledger lives (<c>UseInMemory()</c>, <c>UseSqlite(path)</c>, the
/// default; <c>UsePostgres(connectionString, schema)</c>; <c>UsePartitionedPostgres(connectionString, streams, schema)</c>). Another ledger store is one more method here that sets the
/// storage and registers its <c>ILedgerStore</c> before <c>AddEIdPostal</c>'s default (registrations use TryAdd).
/// </summary>
public sealed class EIdPostalBuilder : EIdStorageBuilder<EIdPostalBuilder, PostalOptions>
{
    internal EIdPostalBuilder(IServiceCollection services)
        : base(services, o => o.Storage)
    {
    }

    /// <summary>
    /// Keeps the ledger in PostgreSQL as the national <see cref="Ledger.PartitionedParcelLedger"/>: <paramref name="streams"/>
    /// hash chains with signed tree heads over them; intake appends to the stream that owns the waybill and regulator queries fan
    /// out over all streams. Validated at start (streams 1 to <see cref="Ledger.StreamRouter.MaxStreams"/>, schema at most 40).
    /// </summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="streams">How many streams (a fixed property of the ledger: do not change it once parcels are stored).</param>
    /// <param name="schema">The schema (null: the package's default <c>eid_postal</c>).</param>
    /// <returns>This builder.</returns>
    public EIdPostalBuilder UsePartitionedPostgres(string connectionString, int streams, string? schema = null)
    {
        UsePostgres(connectionString, schema);
        Services.Configure<PostalOptions>(o => o.Streams = streams);
        return this;
    }
}
