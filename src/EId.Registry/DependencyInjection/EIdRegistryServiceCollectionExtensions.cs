using EId.Diagnostics;
using EId.Registry;
using EId.Registry.Channel;
using EId.Registry.Remote;
using EId.Registry.Storage;
using EId.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>DI entry point of EId.Registry.</summary>
public static class EIdRegistryServiceCollectionExtensions
{
    /// <summary>Service key of the issuer's channel key pair.</summary>
    public const string ClientKeyName = "EId.Registry.Client";

    /// <summary>Service key of the registry host's channel key pair.</summary>
    public const string ServerKeyName = "EId.Registry.Server";

    /// <summary>Name of the <see cref="HttpClient"/> the sealed client uses (configure handlers on it).</summary>
    public const string HttpClientName = "EId.Registry";

    /// <summary>
    /// Registers <see cref="IIdentityRegistry"/>: the local store of <see cref="RegistryOptions.Storage"/> (SQLite by default,
    /// PostgreSQL, or in memory; choose on the returned builder), or with <see cref="SealedRegistryClientOptions.Enabled"/> the
    /// remote registry over the sealed channel; a host with a local store also gets <see cref="IIdentityRegistryAdmin"/>.
    /// With <see cref="SealedRegistryServerOptions.Enabled"/> it registers <see cref="SealedRegistryServer"/> for the host to map;
    /// it serves the local store, also when the host reaches it through the sealed channel (as the example server does).
    /// With PostgreSQL the server's accepted message ids are shared too (<see cref="PostgresChannelReplayStore"/>).
    /// Options (keys included) are validated on start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdRegistryBuilder AddEIdRegistry(this IServiceCollection services, Action<RegistryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RegistryOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => EIdTelemetry.Resolve(sp, m => new RegistryTelemetry(m), RegistryTelemetry.Shared));
        services.TryAddSingleton(sp => new SqliteIdentityRegistry(SqliteOptions(Options(sp).Storage), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SqliteIdentityRegistry>>())
        {
            Telemetry = sp.GetRequiredService<RegistryTelemetry>(),
        });
        services.TryAddSingleton(sp => new PostgresIdentityRegistry(Options(sp).Storage.PostgresConnectionString!, Options(sp).Storage.PostgresSchema!, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<PostgresIdentityRegistry>>())
        {
            Telemetry = sp.GetRequiredService<RegistryTelemetry>(),
        });
        services.TryAddSingleton(sp => new InMemoryIdentityRegistry { Telemetry = sp.GetRequiredService<RegistryTelemetry>() });
        services.TryAddSingleton<IIdentityRegistryAdmin>(sp => Options(sp) is { Remote.Enabled: true, Server.Enabled: false }
            ? throw new InvalidOperationException("A remote registry has no local admin surface.")
            : (IIdentityRegistryAdmin)LocalStore(sp));

        services.AddHttpClient(HttpClientName).ConfigureHttpClient((sp, http) =>
        {
            // Polly bounds each call; HttpClient's own timeout only backs it up.
            http.Timeout = Options(sp).Remote.WorstCaseDuration + TimeSpan.FromSeconds(5);
        });
        services.TryAddKeyedSingleton(ClientKeyName, (sp, _) => LoadKey(Options(sp).Remote.ClientPrivateKey, Options(sp).Remote.ClientPrivateKeyFile));
        services.TryAddSingleton(sp => new SealedRegistryClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            HttpClientName,
            sp.GetRequiredKeyedService<ChannelKeyPair>(ClientKeyName),
            Options(sp).Remote,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SealedRegistryClient>>())
        {
            Telemetry = sp.GetRequiredService<RegistryTelemetry>(),
        });

        services.TryAddSingleton<IIdentityRegistry>(sp => Options(sp).Remote.Enabled ? sp.GetRequiredService<SealedRegistryClient>() : LocalStore(sp));

        services.TryAddKeyedSingleton(ServerKeyName, (sp, _) => LoadKey(Options(sp).Server.ServerPrivateKey, Options(sp).Server.ServerPrivateKeyFile));
        services.TryAddSingleton(sp => new ReplayGuard(sp.GetRequiredService<TimeProvider>(), Options(sp).Server.ReplayCapacity));
        services.TryAddSingleton<IChannelReplayStore>(sp => Options(sp).Storage is { Backend: StorageBackend.Postgres } s
            ? new PostgresChannelReplayStore(s.PostgresConnectionString!, s.PostgresSchema!, sp.GetRequiredService<TimeProvider>())
            : sp.GetRequiredService<ReplayGuard>());
        services.TryAddSingleton(sp =>
        {
            var server = Options(sp).Server;
            if (!server.Enabled)
            {
                throw new InvalidOperationException("The sealed registry server is not enabled (RegistryOptions.Server.Enabled).");
            }

            var responder = new ChannelResponder(
                sp.GetRequiredKeyedService<ChannelKeyPair>(ServerKeyName),
                server.ClientPublicKeys.Select(k => (ReadOnlyMemory<byte>)ChannelKeys.TryParsePublicKey(k)!),
                sp.GetRequiredService<IChannelReplayStore>(),
                server.ReplayWindow,
                sp.GetRequiredService<TimeProvider>());
            return new SealedRegistryServer(LocalStore(sp), responder, server.MaxRequestBytes, sp.GetService<ILogger<SealedRegistryServer>>());
        });
        return new EIdRegistryBuilder(services);
    }

    /// <summary>Adds <see cref="RegistryOptions"/> bound to <paramref name="configuration"/>, then the registry as <see cref="AddEIdRegistry(IServiceCollection, Action{RegistryOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="RegistryOptions"/> (e.g. <c>EId:Registry</c>).</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdRegistryBuilder AddEIdRegistry(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<RegistryOptions>(configuration).AddEIdRegistry();

    /// <summary>
    /// Adds the health check <c>eid.registry</c>: the local registry's database (SQLite file or PostgreSQL) opens and answers a
    /// trivial query (Healthy for the in-memory registry, and for a remote one that this process does not also serve: it is not probed).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdRegistry(this IHealthChecksBuilder builder, string name = "eid.registry", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp => Options(sp) switch
        {
            { Remote.Enabled: true, Server.Enabled: false } => EIdHealthChecks.Healthy("identity registry (remote, not probed)"),
            { Storage.Backend: StorageBackend.InMemory } => EIdHealthChecks.Healthy("identity registry (in memory)"),
            { Storage.Backend: StorageBackend.Postgres } o => DatabaseHealthCheck.ForPostgres(Npgsql.NpgsqlFactory.Instance, o.Storage.PostgresConnectionString!, "identity registry"),
            var o => DatabaseHealthCheck.ForSqlite(SqliteFactory.Instance, o.Storage.SqlitePath!, "identity registry"),
        }, failureStatus, tags);

    // The store this process holds: what the host serves and administers even when its own issuer calls a registry remotely.
    private static IIdentityRegistry LocalStore(IServiceProvider services) => Options(services).Storage.Backend switch
    {
        StorageBackend.InMemory => services.GetRequiredService<InMemoryIdentityRegistry>(),
        StorageBackend.Postgres => services.GetRequiredService<PostgresIdentityRegistry>(),
        _ => services.GetRequiredService<SqliteIdentityRegistry>(),
    };

    // A path or a full connection string, as everywhere else (StorageOptions.SqlitePath).
    private static SqliteRegistryOptions SqliteOptions(StorageOptions storage) => storage.SqlitePath!.Contains('=', StringComparison.Ordinal)
        ? new SqliteRegistryOptions { ConnectionString = storage.SqlitePath }
        : new SqliteRegistryOptions { DatabasePath = storage.SqlitePath };

    private static RegistryOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<RegistryOptions>>().Value;

    private static ChannelKeyPair LoadKey(string? inline, string? file) =>
        (file is not null ? ChannelKeyPair.Load(file) : ChannelKeyPair.TryImportBase64(inline))
        ?? throw new OptionsValidationException(nameof(RegistryOptions), typeof(RegistryOptions), ["A channel private key is missing or not base64 of 32 bytes."]);
}
