using EId.Credentials;
using EId.Diagnostics;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Issuing;
using EId.Issuance.Journal;
using EId.Issuance.Remote;
using EId.Privacy;
using EId.Registry;
using EId.Risk;
using EId.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the EId issuer.</summary>
public static class EIdIssuanceServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IIssuer"/> (<see cref="TemporaryIdIssuer"/>) and its <see cref="IIssuanceJournal"/> (where
    /// <see cref="IssuerOptions.Journal"/> says: in memory by default; choose on the returned builder). The issuer needs the implementations of
    /// <see cref="ISecurityGateway"/>, <see cref="IRiskStore"/>, <see cref="IIdentityRegistry"/>, <see cref="IFaceVerifier"/> and
    /// <see cref="ICredentialIssuer"/> (<c>AddEIdRisk</c>, <c>AddEIdRegistry</c>, <c>AddEIdBiometrics</c>, <c>AddEIdCredentials</c>)
    /// and every registered <see cref="ILivenessCheck"/>; a registered <see cref="SubjectPseudonym"/> keys subjects in risk events.
    /// Also registers <see cref="IssuanceEndpoint"/>, the front system's HTTP endpoint core for a host to map.
    /// Options are validated on start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdIssuanceBuilder AddEIdIssuance(this IServiceCollection services, Action<IssuerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IssuerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IssuerOptions>, IssuerOptionsValidator>());
        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => EIdTelemetry.Resolve(sp, m => new IssuanceTelemetry(m), IssuanceTelemetry.Shared));
        services.TryAddSingleton<IIssuanceJournal>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IssuerOptions>>().Value;
            return o.Journal switch
            {
                { Backend: StorageBackend.Sqlite } s => new SqliteIssuanceJournal(s.SqlitePath!, o.PendingTimeout, o.JournalRetention, o.JournalKey),
                { Backend: StorageBackend.Postgres } s => new PostgresIssuanceJournal(s.PostgresConnectionString!, s.PostgresSchema!, o.PendingTimeout, o.JournalRetention, o.JournalKey),
                _ => (IIssuanceJournal)new InMemoryIssuanceJournal(o.PendingTimeout, o.JournalRetention),
            };
        });
        services.TryAddSingleton<IIssuer>(sp => new TemporaryIdIssuer(
            sp.GetRequiredService<ISecurityGateway>(),
            sp.GetRequiredService<IIdentityRegistry>(),
            sp.GetRequiredService<IFaceVerifier>(),
            sp.GetServices<ILivenessCheck>(),
            sp.GetRequiredService<ICredentialIssuer>(),
            sp.GetRequiredService<IRiskStore>(),
            sp.GetRequiredService<IIssuanceJournal>(),
            sp.GetRequiredService<IOptions<IssuerOptions>>(),
            sp.GetService<SubjectPseudonym>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TemporaryIdIssuer>>(),
            sp.GetService<IFaceCaptureAnalyzer>())
        {
            Telemetry = sp.GetRequiredService<IssuanceTelemetry>(),
        });
        services.TryAddSingleton(sp => new IssuanceEndpoint(sp.GetRequiredService<IIssuer>(), IssuanceEndpoint.DefaultMaxRequestBytes, sp.GetService<ILogger<IssuanceEndpoint>>()));
        return new EIdIssuanceBuilder(services);
    }

    /// <summary>Adds <see cref="IssuerOptions"/> bound to <paramref name="configuration"/>, then the issuer as <see cref="AddEIdIssuance(IServiceCollection, Action{IssuerOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="IssuerOptions"/> (e.g. <c>EId:Issuance</c>).</param>
    /// <returns>The builder (also the same service collection).</returns>
    public static EIdIssuanceBuilder AddEIdIssuance(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<IssuerOptions>(configuration).AddEIdIssuance();

    /// <summary>
    /// Adds the health check <c>eid.issuance</c>: the request journal's database (SQLite file or PostgreSQL) opens and answers
    /// (Healthy for the in-memory journal).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdIssuance(this IHealthChecksBuilder builder, string name = "eid.issuance", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp => sp.GetRequiredService<IOptions<IssuerOptions>>().Value.Journal switch
        {
            { Backend: StorageBackend.Sqlite } s => DatabaseHealthCheck.ForSqlite(SqliteFactory.Instance, s.SqlitePath!, "issuance journal"),
            { Backend: StorageBackend.Postgres } s => DatabaseHealthCheck.ForPostgres(Npgsql.NpgsqlFactory.Instance, s.PostgresConnectionString!, "issuance journal"),
            _ => EIdHealthChecks.Healthy("issuance journal (in memory)"),
        }, failureStatus, tags);
}
