using System.Diagnostics.Metrics;
using EId.Credentials;
using EId.Faces;
using EId.Postal.Ledger;
using EId.Postal.Tests.Support;
using EId.Registry;
using EId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EId.Postal.Tests.Diagnostics;

/// <summary>The ledger's meter and activities, its health check and the configuration overload.</summary>
public sealed class ObservabilityTests : IDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("eid-postal-obs-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Appends_and_checkpoints_are_counted_timed_and_traced_without_personal_data()
    {
        using var telemetry = new TelemetryRecorder(PostalTelemetry.SourceName);
        await using var provider = Services(Path.Combine(_dir, "ledger.db")).AddSingleton<IMeterFactory>(telemetry).BuildServiceProvider();
        var ledger = provider.GetRequiredService<ParcelLedger>();
        var parcel = TestLedger.Parcel(1);

        Assert.True((await ledger.TryAppendAsync(parcel, Ct)).IsSuccess);
        Assert.False((await ledger.TryAppendAsync(parcel, Ct)).IsSuccess);
        Assert.NotNull(await ledger.CheckpointAsync(Ct));

        var appends = telemetry.Of("eid.ledger.appends");
        Assert.Equal(2, appends.Count);
        Assert.Contains(appends, m => (string?)m.Tag("eid.outcome") == "ok");
        Assert.Contains(appends, m => (string?)m.Tag("eid.outcome") == "refused" && (string?)m.Tag("eid.reason") == "DuplicateWaybill");
        Assert.All(telemetry.Of("eid.ledger.append.duration"), m => Assert.Equal("s", m.Instrument.Unit));
        Assert.Equal("written", Assert.Single(telemetry.Of("eid.ledger.checkpoints")).Tag("eid.outcome"));
        Assert.Equal(2, telemetry.Activities.Count(a => a.OperationName == "eid.ledger.append"));
        telemetry.AssertNoTagContains(parcel.WaybillNumber);
        telemetry.AssertNoTagContains(TestLedger.Pii(1).IdNumber);
    }

    [Fact]
    public async Task The_health_check_is_healthy_on_a_real_sqlite_ledger_and_unhealthy_on_a_missing_or_unreadable_one()
    {
        var path = Path.Combine(_dir, "ledger.db");
        await using (var provider = Services(path).BuildServiceProvider())
        {
            await provider.GetRequiredService<ParcelLedger>().AppendAsync(TestLedger.Parcel(1), Ct);
        }

        await StoreHealthAssert.HealthyOnlyOnARealSqliteStoreAsync(CheckAsync, path);
    }

    [Fact]
    public void The_configuration_overload_binds_the_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = "/var/lib/eid/parcels.db",
            ["CheckpointInterval"] = "16",
            ["SenderTokenKey"] = Convert.ToBase64String(new byte[32]),
            ["CheckpointSigningKey"] = Convert.ToBase64String(TestLedger.RawKeys.Signing),
            ["KeyEncryptionKey"] = Convert.ToBase64String(TestLedger.RawKeys.Kek),
        }).Build();

        using var provider = new ServiceCollection().AddEIdPostal(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PostalOptions>>().Value;

        Assert.Equal("/var/lib/eid/parcels.db", options.Storage.SqlitePath);
        Assert.Equal(16, options.CheckpointInterval);
        Assert.Equal(32, options.SenderTokenKey?.Length);
    }

    private static ServiceCollection Services(string path)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddSingleton<IIdentityRegistry, TableRegistry>();
        services.AddSingleton<IFaceVerifier, MarkerFaceVerifier>();
        services.AddSingleton<ILivenessCheck, MarkerLiveness>();
        services.AddSingleton<ICredentialVerifier, TableCredentialVerifier>();
        services.AddEIdPostal(o =>
        {
            o.Storage.SqlitePath = path;
            o.CheckpointSigningKey = TestLedger.RawKeys.Signing;
            o.KeyEncryptionKey = TestLedger.RawKeys.Kek;
            o.SenderTokenKey = new byte[32];
        });
        return services;
    }

    private static async Task<HealthReportEntry> CheckAsync(string path)
    {
        var services = Services(path);
        services.AddHealthChecks().AddEIdPostal();
        await using var provider = services.BuildServiceProvider();
        return (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct)).Entries["eid.postal"];
    }
}
