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
    /// <see cref="ICredentialVerifier"/> for QR credentials), registered by their own packages.
    /// </summary>
    public static IServiceCollection AddEIdPostal(this IServiceCollection services, Action<PostalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostalOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.CheckpointInterval > 0, "CheckpointInterval must be positive.")
            .Validate(o => o.CheckpointPeriod > TimeSpan.Zero || o.CheckpointPeriod == Timeout.InfiniteTimeSpan, "CheckpointPeriod must be positive (or infinite to turn time checkpoints off).")
            .Validate(o => SignedLedgerReceipt.IsLedgerId(o.LedgerId), "LedgerId must be 1 to 64 letters, digits or '._:-'.")
            .Validate(o => o.CheckpointSigningKey is { Length: 32 }, "CheckpointSigningKey (checkpoints and receipts) must be a 32-byte raw Ed25519 private key.")
            .Validate(o => o.KeyEncryptionKey is { Length: 32 }, "KeyEncryptionKey must be 32 bytes.")
            .Validate(o => o.SenderTokenKey is { Length: >= 32 }, "SenderTokenKey must be at least 32 bytes.")
            .Validate(o => o.TrustedCheckpointKeys.All(k => k is { Length: 32 }), "Trusted checkpoint keys are 32-byte raw Ed25519 public keys.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "ConnectionString is required.")
            .Validate(o => Enum.IsDefined(o.Storage), "Storage is not a known store.")
            .Validate(o => System.Text.RegularExpressions.Regex.IsMatch(o.Schema, "^[a-z][a-z0-9_]{0,47}$"), "Schema must be lower-case letters, digits and '_'.")
            .Validate(o => o.MaxWeightGrams > 0, "MaxWeightGrams must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.VerifierId) && o.VerifierId.Length <= ParcelRules.MaxIdentifierLength, "VerifierId is required (at most 64 characters).")
            .ValidateOnStart();

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
                LedgerStorage.PostgreSql => new PostgresLedgerStore(o.ConnectionString, o.Schema),
                LedgerStorage.InMemory => new InMemoryLedgerStore(),
                _ => new SqliteLedgerStore(o.ConnectionString, o.SqliteFullSync),
            };
        });
        services.TryAddSingleton<ParcelLedger>();
        services.TryAddSingleton<IParcelLedger>(sp => sp.GetRequiredService<ParcelLedger>());
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
        return services;
    }

    /// <summary>Adds <see cref="PostalOptions"/> bound to <paramref name="configuration"/>, then the postal services as <see cref="AddEIdPostal(IServiceCollection, Action{PostalOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="PostalOptions"/> (e.g. <c>EId:Postal</c>).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdPostal(this IServiceCollection services, IConfiguration configuration) =>
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
        EIdHealthChecks.AddEIdCheck(builder, name, sp => sp.GetRequiredService<IOptions<PostalOptions>>().Value switch
        {
            { Storage: LedgerStorage.InMemory } => EIdHealthChecks.Healthy("parcel ledger (in memory)"),
            { Storage: LedgerStorage.PostgreSql } o => DatabaseHealthCheck.ForPostgres(Npgsql.NpgsqlFactory.Instance, o.ConnectionString, "parcel ledger"),
            var o => DatabaseHealthCheck.ForSqlite(Microsoft.Data.Sqlite.SqliteFactory.Instance, o.ConnectionString, "parcel ledger"),
        }, failureStatus, tags);
}
