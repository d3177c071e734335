using EId.Credentials;
using EId.Diagnostics;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Status;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using EId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers EId's Claim 169 credential issuer and verifier.</summary>
public static class EIdCredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICredentialIssuer"/> (<see cref="Claim169Issuer"/>) and <see cref="ICredentialVerifier"/>
    /// (<see cref="Claim169Verifier"/>). The issuer needs an <see cref="IIssuerKeyStore"/>: set
    /// <see cref="CredentialsOptions.SigningKeyPath"/> for the PKCS#8 file store, or register your own.
    /// The verifier uses a registered <see cref="TrustList"/>, else the one in <see cref="CredentialsOptions.TrustListPath"/>.
    /// With <c>Issuer.StatusListUri</c> set, status indices persist in <see cref="CredentialsOptions.StatusStore"/>
    /// (<see cref="ICredentialStatusStore"/>: SQLite, or PostgreSQL; choose on the returned builder), which also revokes by serial.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdCredentialsBuilder AddEIdCredentials(this IServiceCollection services, Action<CredentialsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CredentialsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsOptions>, CredentialsOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => EIdTelemetry.Resolve(sp, m => new CredentialsTelemetry(m), CredentialsTelemetry.Shared));
        services.TryAddSingleton<IOptions<CredentialIssuerOptions>>(sp => Options.Options.Create(sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.Issuer));
        services.TryAddSingleton<IOptions<CredentialVerifierOptions>>(sp => Options.Options.Create(sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.Verifier));
        services.TryAddSingleton<IIssuerKeyStore>(sp =>
        {
            var path = sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.SigningKeyPath
                ?? throw new InvalidOperationException("No IIssuerKeyStore registered and CredentialsOptions.SigningKeyPath is not set.");
            return new Pkcs8FileKeyStore(path, sp.GetService<ILogger<Pkcs8FileKeyStore>>());
        });
        services.TryAddSingleton<ICredentialStatusStore>(sp =>
        {
            var store = sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.StatusStore;
            var time = sp.GetRequiredService<TimeProvider>();
            return store.Backend switch
            {
                StorageBackend.Postgres => new PostgresCredentialStatusStore(store.PostgresConnectionString!, store.PostgresSchema!, time),
                StorageBackend.Sqlite => (ICredentialStatusStore)new SqliteCredentialStatusStore(store.SqlitePath!, time),
                _ => throw new InvalidOperationException("No ICredentialStatusStore registered and CredentialsOptions.StatusStore is not set."),
            };
        });
        services.TryAddSingleton<IStatusIndexAllocator>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CredentialsOptions>>().Value;
            var persistent = o.StatusStore.Backend != StorageBackend.InMemory;
            if (!persistent && o.Issuer.StatusListUri is null)
            {
                // No status claim is written, so no index is ever asked for.
                return new SequentialStatusIndexAllocator();
            }

            return !persistent
                ? throw new InvalidOperationException("Issuer.StatusListUri needs persistent status indices: set CredentialsOptions.StatusStore or register an IStatusIndexAllocator.")
                : sp.GetRequiredService<ICredentialStatusStore>();
        });
        services.TryAddSingleton<InMemoryStatusListSource>();
        services.TryAddSingleton<IStatusListSource>(sp => sp.GetRequiredService<InMemoryStatusListSource>());
        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.TrustListPath;
            if (path is null)
            {
                return TrustList.Empty;
            }

            return TrustList.TryParseJson(File.ReadAllText(path), out var list, out var error)
                ? list
                : throw new InvalidOperationException("The trust list file is invalid: " + error);
        });
        services.TryAddSingleton<ICredentialIssuer>(sp => new Claim169Issuer(
            sp.GetRequiredService<IIssuerKeyStore>(),
            sp.GetRequiredService<IOptions<CredentialIssuerOptions>>(),
            sp.GetRequiredService<IStatusIndexAllocator>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<Claim169Issuer>>())
        {
            Telemetry = sp.GetRequiredService<CredentialsTelemetry>(),
        });
        services.TryAddSingleton<ICredentialVerifier>(sp => new Claim169Verifier(
            sp.GetRequiredService<TrustList>(),
            sp.GetRequiredService<IOptions<CredentialVerifierOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IStatusListSource>(),
            sp.GetService<ILogger<Claim169Verifier>>())
        {
            Telemetry = sp.GetRequiredService<CredentialsTelemetry>(),
        });
        return new EIdCredentialsBuilder(services);
    }

    /// <summary>Adds <see cref="CredentialsOptions"/> bound to <paramref name="configuration"/>, then the issuer and verifier as <see cref="AddEIdCredentials(IServiceCollection, Action{CredentialsOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="CredentialsOptions"/> (e.g. <c>EId:Credentials</c>).</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdCredentialsBuilder AddEIdCredentials(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<CredentialsOptions>(configuration).AddEIdCredentials();

    /// <summary>
    /// Adds the health check <c>eid.credentials</c>: the status store's database (SQLite file or PostgreSQL) opens and answers a
    /// trivial query (Healthy when no status store is configured).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdCredentials(this IHealthChecksBuilder builder, string name = "eid.credentials", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp => sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.StatusStore switch
        {
            { Backend: StorageBackend.Postgres } s => DatabaseHealthCheck.ForPostgres(Npgsql.NpgsqlFactory.Instance, s.PostgresConnectionString!, "credential status store"),
            { Backend: StorageBackend.Sqlite } s => DatabaseHealthCheck.ForSqlite(Microsoft.Data.Sqlite.SqliteFactory.Instance, s.SqlitePath!, "credential status store"),
            _ => EIdHealthChecks.Healthy("credential status store (none configured)"),
        }, failureStatus, tags);
}
