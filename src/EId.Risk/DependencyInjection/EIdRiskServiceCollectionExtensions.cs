using EId.Diagnostics;
using EId.Faces;
using EId.Privacy;
using EId.Risk;
using EId.Risk.Devices;
using EId.Risk.Gateway;
using EId.Risk.Policies;
using EId.Risk.Replay;
using EId.Risk.Store;
using EId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the EId security gateway, its policies and its storage.</summary>
public static class EIdRiskServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ISecurityGateway"/>, <see cref="IRiskStore"/>, <see cref="IDeviceRegistry"/>,
    /// <see cref="IReplayCache"/>, <see cref="IVelocityCounter"/>, <see cref="ILivenessChallengeStore"/> (the active-liveness
    /// challenges the front system issues), <see cref="RequestAuthenticator"/> and the policies (ID blacklist,
    /// velocity, site, operating hours, and the face watchlist when an <see cref="IFaceGallery"/> is registered
    /// under the key <see cref="FaceWatchlistPolicy.GalleryServiceKey"/>). Options are validated at start-up.
    /// Existing registrations of the interfaces (and of <see cref="SubjectPseudonym"/>) are kept.
    /// Choose the storage on the returned builder (<c>.UsePostgres(…)</c>; default SQLite <c>eid-risk.db</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdRiskBuilder AddEIdRisk(this IServiceCollection services, Action<RiskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RiskOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RiskOptions>, RiskOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => EIdTelemetry.Resolve(sp, m => new RiskTelemetry(m), RiskTelemetry.Shared));
        services.TryAddSingleton(sp => new SubjectPseudonym(
            Get(sp).PseudonymKey ?? throw new InvalidOperationException("RiskOptions.PseudonymKey is required when no SubjectPseudonym is registered.")));

        // One backend for all four: with PostgreSQL every instance sees every instance's events, devices, nonces and counts.
        services.TryAddSingleton<IRiskStore>(sp => Get(sp).Storage switch
        {
            { Backend: StorageBackend.InMemory } => new InMemoryRiskStore(),
            { Backend: StorageBackend.Postgres } s => new PostgresRiskStore(s.PostgresConnectionString!, s.PostgresSchema!, sp.GetRequiredService<TimeProvider>()),
            var s => new SqliteRiskStore(s.SqlitePath!),
        });
        services.TryAddSingleton<IDeviceRegistry>(sp => Get(sp).Storage switch
        {
            { Backend: StorageBackend.InMemory } => new InMemoryDeviceRegistry(sp.GetRequiredService<TimeProvider>()),
            { Backend: StorageBackend.Postgres } s => new PostgresDeviceRegistry(s.PostgresConnectionString!, s.PostgresSchema!, sp.GetRequiredService<TimeProvider>()),
            var s => new SqliteDeviceRegistry(s.SqlitePath!, sp.GetRequiredService<TimeProvider>()),
        });
        services.TryAddSingleton<IReplayCache>(sp => Get(sp).Storage switch
        {
            { Backend: StorageBackend.InMemory } => new InMemoryReplayCache(sp.GetRequiredService<TimeProvider>()),
            { Backend: StorageBackend.Postgres } s => new PostgresReplayCache(s.PostgresConnectionString!, s.PostgresSchema!, sp.GetRequiredService<TimeProvider>()),
            var s => new SqliteReplayCache(s.SqlitePath!, sp.GetRequiredService<TimeProvider>()),
        });

        // Behind a balancer a challenge issued by one instance is redeemed on another: PostgreSQL shares them.
        services.TryAddSingleton<ILivenessChallengeStore>(sp => Get(sp).Storage is { Backend: StorageBackend.Postgres } s
            ? new PostgresLivenessChallengeStore(s.PostgresConnectionString!, s.PostgresSchema!)
            : new InMemoryLivenessChallengeStore());

        // SQLite serves one host: its counts stay in the process, as before.
        services.TryAddSingleton<IVelocityCounter>(sp => Get(sp).Storage switch
        {
            { Backend: StorageBackend.Postgres } s => new PostgresVelocityCounter(s.PostgresConnectionString!, s.PostgresSchema!),
            _ => new SlidingWindowCounter(),
        });

        services.TryAddSingleton(sp => new DeviceCertificateVerifier(Get(sp).TrustedAuthorityKeys.Select(k => (ReadOnlyMemory<byte>)k)));
        services.TryAddSingleton(sp => new RequestAuthenticator(
            sp.GetRequiredService<DeviceCertificateVerifier>(),
            sp.GetRequiredService<IDeviceRegistry>(),
            sp.GetRequiredService<IReplayCache>(),
            sp.GetRequiredService<TimeProvider>(),
            Get(sp).ReplayWindow));
        services.TryAddSingleton(sp => new IdBlacklist(sp.GetRequiredService<SubjectPseudonym>(), Get(sp).BlacklistedSubjectKeys));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskPolicy, IdBlacklistPolicy>(sp => new IdBlacklistPolicy(sp.GetRequiredService<IdBlacklist>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskPolicy, FaceWatchlistPolicy>(sp =>
        {
            var gallery = sp.GetKeyedService<IFaceGallery>(FaceWatchlistPolicy.GalleryServiceKey) ?? EmptyGallery.Instance;
            return new FaceWatchlistPolicy(gallery, Get(sp).WatchlistDenyThreshold, Get(sp).WatchlistReviewThreshold);
        }));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskPolicy, VelocityPolicy>(sp => new VelocityPolicy(Get(sp).VelocityRules, sp.GetRequiredService<SubjectPseudonym>(), sp.GetRequiredService<IVelocityCounter>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskPolicy, SitePolicy>(sp => new SitePolicy(Get(sp).AllowedSites, Get(sp).BlockedSites)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRiskPolicy, OperatingHoursPolicy>(sp => new OperatingHoursPolicy(Get(sp).OperatingHours, Get(sp).SiteHours)));

        services.TryAddSingleton<ISecurityGateway>(sp => new SecurityGateway(
            sp.GetRequiredService<RequestAuthenticator>(),
            sp.GetServices<IRiskPolicy>(),
            sp.GetRequiredService<IRiskStore>(),
            sp.GetRequiredService<SubjectPseudonym>(),
            sp.GetRequiredService<TimeProvider>(),
            new SecurityGatewaySettings { RecordAllowed = Get(sp).RecordAllowed, RequireCapability = Get(sp).RequireCapability },
            sp.GetService<ILogger<SecurityGateway>>())
        {
            Telemetry = sp.GetRequiredService<RiskTelemetry>(),
        });
        return new EIdRiskBuilder(services);
    }

    /// <summary>Adds <see cref="RiskOptions"/> bound to <paramref name="configuration"/>, then the gateway as <see cref="AddEIdRisk(IServiceCollection, Action{RiskOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="RiskOptions"/> (e.g. <c>EId:Risk</c>).</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdRiskBuilder AddEIdRisk(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<RiskOptions>(configuration).AddEIdRisk();

    /// <summary>
    /// Adds the health check <c>eid.risk</c>: the risk store's database (SQLite file or PostgreSQL) opens and answers a trivial
    /// query (Healthy for in-memory storage).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdRisk(this IHealthChecksBuilder builder, string name = "eid.risk", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp => Get(sp).Storage switch
        {
            { Backend: StorageBackend.InMemory } => EIdHealthChecks.Healthy("risk store (in memory)"),
            { Backend: StorageBackend.Postgres } s => DatabaseHealthCheck.ForPostgres(Npgsql.NpgsqlFactory.Instance, s.PostgresConnectionString!, "risk store"),
            var s => DatabaseHealthCheck.ForSqlite(Microsoft.Data.Sqlite.SqliteFactory.Instance, s.SqlitePath!, "risk store"),
        }, failureStatus, tags);

    private static RiskOptions Get(IServiceProvider services) => services.GetRequiredService<IOptions<RiskOptions>>().Value;

    /// <summary>Stands in when the host registers no watchlist: nobody is on it.</summary>
    private sealed class EmptyGallery : IFaceGallery
    {
        public static EmptyGallery Instance { get; } = new();

        public int Count => 0;

        public void Add(string subjectId, FaceTemplate template) => throw new NotSupportedException("Register a watchlist gallery to add entries.");

        public bool Remove(string subjectId) => false;

        public IReadOnlyList<GalleryHit> Search(FaceTemplate probe, int k) => [];
    }
}
