using EId.Credentials;
using EId.Diagnostics;
using EId.Faces;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using EId.Registry;
using EId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the postal server: ledger, store, courier intake, regulator queries and waybill rendering.</summary>
public static class EIdPostalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the postal services. The identity-server check needs <see cref="IIdentityRegistry"/>,
    /// <see cref="IFaceVerifier"/> and any number of <see cref="ILivenessCheck"/>s (and optionally
    /// <see cref="ICredentialVerifier"/> for QR credentials), registered by their own packages. Choose the ledger's storage on
    /// the returned builder (default SQLite <c>eid-postal.db</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdPostalBuilder AddEIdPostal(this IServiceCollection services, Action<PostalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostalOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostalOptions>, PostalOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => EIdTelemetry.Resolve(sp, m => new PostalTelemetry(m), PostalTelemetry.Shared));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PostalOptions>>().Value;
            return LedgerKeys.Create(o.CheckpointSigningKey, o.KeyEncryptionKey, o.TrustedCheckpointKeys);
        });
        services.TryAddSingleton(sp => new SenderTokenKey(sp.GetRequiredService<IOptions<PostalOptions>>().Value.SenderTokenKey));
        services.TryAddSingleton<ILedgerStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PostalOptions>>().Value;
            return o.Storage switch
            {
                { Backend: StorageBackend.Postgres } s => new PostgresLedgerStore(s.PostgresConnectionString!, s.PostgresSchema!),
                { Backend: StorageBackend.InMemory } => new InMemoryLedgerStore(),
                var s => (ILedgerStore)new SqliteLedgerStore(s.SqlitePath!, o.SqliteFullSync),
            };
        });
        services.TryAddSingleton<ParcelLedger>();
        // With Streams > 1 the ledger is the partitioned one in the storage's PostgreSQL schema (AddEIdPostalPartitionedLedger,
        // when called, replaces this store with its own options).
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PostalOptions>>().Value;
            return new PartitionedPostgresLedgerStore(o.Storage.PostgresConnectionString!, o.Streams, o.Storage.PostgresSchema!);
        });
        services.TryAddSingleton(sp => new PartitionedParcelLedger(
            sp.GetRequiredService<PartitionedPostgresLedgerStore>(),
            sp.GetRequiredService<LedgerKeys>(),
            sp.GetRequiredService<IOptions<PostalOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<PostalTelemetry>()));
        services.TryAddSingleton<IParcelLedgerSet>(sp => sp.GetRequiredService<IOptions<PostalOptions>>().Value.Streams > 1
            ? sp.GetRequiredService<PartitionedParcelLedger>()
            : sp.GetRequiredService<ParcelLedger>());
        services.TryAddSingleton<IParcelLedger>(sp => (IParcelLedger)sp.GetRequiredService<IParcelLedgerSet>());
        services.TryAddSingleton<IItemPolicy, ProhibitedCategoryPolicy>();
        services.TryAddSingleton(sp => new SenderIdentityCheck(
            sp.GetRequiredService<IIdentityRegistry>(),
            sp.GetRequiredService<IFaceVerifier>(),
            sp.GetServices<ILivenessCheck>(),
            sp.GetService<ICredentialVerifier>(),
            sp.GetRequiredService<IOptions<PostalOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SenderIdentityCheck>>()));
        services.TryAddSingleton<ParcelIntake>();
        services.TryAddSingleton<IIntakeChannel, InProcessIntakeChannel>();
        services.TryAddSingleton<RegulatorQueries>();
        // The embedded statistics default; an analytics package registers its own IParcelStatistics first or replaces this one.
        services.TryAddSingleton<IParcelStatistics, LedgerParcelStatistics>();
        services.TryAddSingleton<RegulatorOverview>();
        services.TryAddSingleton(_ => new WaybillRenderer());
        return new EIdPostalBuilder(services);
    }

    /// <summary>Adds <see cref="PostalOptions"/> bound to <paramref name="configuration"/>, then the postal services as <see cref="AddEIdPostal(IServiceCollection, Action{PostalOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="PostalOptions"/> (e.g. <c>EId:Postal</c>).</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdPostalBuilder AddEIdPostal(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<PostalOptions>(configuration).AddEIdPostal();

    /// <summary>
    /// Adds the health check <c>eid.postal</c>: the ledger's database (SQLite file or PostgreSQL) opens and answers a trivial query
    /// (Healthy for the in-memory ledger).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdPostal(this IHealthChecksBuilder builder, string name = "eid.postal", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp => sp.GetRequiredService<IOptions<PostalOptions>>().Value.Storage switch
        {
            { Backend: StorageBackend.InMemory } => EIdHealthChecks.Healthy("parcel ledger (in memory)"),
            { Backend: StorageBackend.Postgres } s => DatabaseHealthCheck.ForPostgres(Npgsql.NpgsqlFactory.Instance, s.PostgresConnectionString!, "parcel ledger"),
            var s => DatabaseHealthCheck.ForSqlite(Microsoft.Data.Sqlite.SqliteFactory.Instance, s.SqlitePath!, "parcel ledger"),
        }, failureStatus, tags);
}
