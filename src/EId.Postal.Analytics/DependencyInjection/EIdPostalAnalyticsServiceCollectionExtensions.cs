using EId.Postal;
using EId.Postal.Analytics;
using EId.Postal.Analytics.Export;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Outcomes;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the postal analytics: intake outcome recording, the Parquet facts exporter and DuckDB statistics.</summary>
public static class EIdPostalAnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ParcelFactExporter"/>, <see cref="DuckDbParcelStatistics"/> as the <see cref="IParcelStatistics"/>
    /// (replacing any default), an <see cref="IIntakeOutcomeStore"/> (the ledger's database unless configured) and, with
    /// <see cref="PostalAnalyticsOptions.RecordIntakeOutcomes"/>, the <see cref="IIntakeOutcomeRecorder"/> that
    /// <see cref="EId.Postal.Courier.ParcelIntake"/> calls. Needs <c>AddEIdPostal</c> for the ledger store.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (FactsDirectory and ExportTokenKey are required).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdPostalAnalytics(this IServiceCollection services, Action<PostalAnalyticsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostalAnalyticsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostalAnalyticsOptions>, PostalAnalyticsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IIntakeOutcomeStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PostalAnalyticsOptions>>().Value;
            var postal = sp.GetService<IOptions<PostalOptions>>()?.Value ?? new PostalOptions();
            var ledger = postal.Storage;
            var backend = o.OutcomeStorage ?? ledger.Backend;
            return backend switch
            {
                StorageBackend.InMemory => new InMemoryIntakeOutcomeStore(),
                StorageBackend.Postgres => new PostgresIntakeOutcomeStore(
                    o.OutcomeConnectionString ?? ledger.PostgresConnectionString!, o.OutcomeSchema ?? ledger.PostgresSchema ?? "eid_postal"),
                _ => new SqliteIntakeOutcomeStore(o.OutcomeConnectionString ?? ledger.SqlitePath!),
            };
        });

        services.RemoveAll<IIntakeOutcomeRecorder>();
        services.AddSingleton<IIntakeOutcomeRecorder>(sp => sp.GetRequiredService<IOptions<PostalAnalyticsOptions>>().Value.RecordIntakeOutcomes
            ? new StoredIntakeOutcomeRecorder(sp.GetRequiredService<IIntakeOutcomeStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<StoredIntakeOutcomeRecorder>>())
            : NoIntakeOutcomeRecorder.Instance);

        services.TryAddSingleton(sp => new ParcelFactExporter(
            sp.GetRequiredService<ILedgerStore>(),
            sp.GetRequiredService<IIntakeOutcomeStore>(),
            sp.GetRequiredService<IOptions<PostalAnalyticsOptions>>(),
            sp.GetService<ILogger<ParcelFactExporter>>()));

        services.RemoveAll<IParcelStatistics>();
        services.AddSingleton<IParcelStatistics, DuckDbParcelStatistics>();
        services.TryAddSingleton(sp => (DuckDbParcelStatistics)sp.GetRequiredService<IParcelStatistics>());
        return services;
    }
}
