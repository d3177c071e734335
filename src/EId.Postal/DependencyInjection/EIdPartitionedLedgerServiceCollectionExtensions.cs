using EId.Diagnostics;
using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the partitioned national parcel ledger (PostgreSQL, several streams, signed tree heads).</summary>
public static class EIdPartitionedLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PartitionedPostgresLedgerStore"/> and <see cref="PartitionedParcelLedger"/> as singletons, with
    /// <see cref="PartitionedLedgerOptions"/> validated at start. Call after <c>AddEIdPostal</c>, which supplies the keys and
    /// <see cref="PostalOptions"/> (ledger id, checkpoint interval and period). The single-chain <see cref="ParcelLedger"/> stays
    /// registered for the courier intake; hosts that want the national ledger resolve <see cref="PartitionedParcelLedger"/>.
    /// To run intake and regulator queries on it instead, use <c>AddEIdPostal().UsePartitionedPostgres(...)</c> (or
    /// <see cref="PostalOptions.Streams"/>). These options win over that store's settings whichever is called first.
    /// </summary>
    public static IServiceCollection AddEIdPostalPartitionedLedger(this IServiceCollection services, Action<PartitionedLedgerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PartitionedLedgerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PartitionedLedgerOptions>, PartitionedLedgerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // Replace: AddEIdPostal registers a store from PostalOptions (for Streams > 1); these explicit options win.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PartitionedLedgerOptions>>().Value;
            return new PartitionedPostgresLedgerStore(o.ConnectionString, o.Streams, o.Schema);
        }));
        services.TryAddSingleton(sp => new PartitionedParcelLedger(
            sp.GetRequiredService<PartitionedPostgresLedgerStore>(),
            sp.GetRequiredService<LedgerKeys>(),
            sp.GetRequiredService<IOptions<PostalOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<PostalTelemetry>()));
        return services;
    }
}
