using System.Diagnostics.Metrics;
using EId.Risk.Devices;
using EId.Risk.Policies;
using EId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Risk.Tests.Diagnostics;

/// <summary>The gateway's meter and activities, the risk store's health check and the configuration overload.</summary>
public sealed class ObservabilityTests
{
    private const string IdNumber = "11010519491231002X";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_decisions_are_counted_timed_and_traced_without_personal_data()
    {
        using var telemetry = new TelemetryRecorder(RiskTelemetry.SourceName);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        using var authority = DeviceEnrolment.CreateNew();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IMeterFactory>(telemetry);
        services.AddEIdRisk(o =>
        {
            o.Storage.Backend = EId.Storage.StorageBackend.InMemory;
            o.TrustedAuthorityKeys.Add(authority.PublicKey.ToArray());
            o.PseudonymKey = new byte[32];
            o.VelocityRules.Add(new VelocityRule { Scope = VelocityScope.Device, Limit = 1, Window = TimeSpan.FromMinutes(1) });
        });
        await using var provider = services.BuildServiceProvider();
        using var key = DeviceKey.Generate();
        var certificate = authority.Issue("kiosk-obs-7", key.PublicKey, "site-1", time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddDays(1), ["issue-eid"]);
        await provider.GetRequiredService<IDeviceRegistry>().EnrollAsync(certificate.ToDeviceRecord(), Ct);
        using var device = new DeviceCredential(DeviceKey.Import(key.ExportPrivateKey()), certificate.Encoded, time);
        var gateway = provider.GetRequiredService<ISecurityGateway>();

        Assert.True((await gateway.CheckAsync(new GatewayRequest(device.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), "issue-eid") { IdNumber = IdNumber }, Ct)).IsAllowed);
        Assert.False((await gateway.CheckAsync(new GatewayRequest(device.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), "issue-eid") { IdNumber = IdNumber }, Ct)).IsAllowed);

        var decisions = telemetry.Of("eid.gateway.decisions");
        Assert.Equal(2, decisions.Count);
        Assert.Contains(decisions, m => (string?)m.Tag("eid.outcome") == nameof(RiskDecision.Allow));
        Assert.Contains(decisions, m => (string?)m.Tag("eid.outcome") == nameof(RiskDecision.Deny) && (string?)m.Tag("eid.reason") == RiskReasonCode.VelocityExceeded.Value);
        var durations = telemetry.Of("eid.gateway.duration");
        Assert.Equal(2, durations.Count);
        Assert.All(durations, m => Assert.Equal("s", m.Instrument.Unit));
        Assert.Equal(2, telemetry.Activities.Count(a => a.OperationName == "eid.gateway"));
        telemetry.AssertNoTagContains(IdNumber);
        telemetry.AssertNoTagContains("kiosk-obs-7");
    }

    [Fact]
    public async Task The_store_health_check_is_healthy_on_a_real_sqlite_store_and_unhealthy_on_a_missing_or_unreadable_one()
    {
        var folder = Directory.CreateTempSubdirectory("eid-risk-health-").FullName;
        try
        {
            var path = Path.Combine(folder, "risk.db");
            using (var store = new EId.Risk.Store.SqliteRiskStore(path))
            {
                await store.AppendAsync(new RiskEvent { Id = Guid.CreateVersion7(), At = DateTimeOffset.UtcNow, Action = "issue-eid", Decision = RiskDecision.Allow, Reasons = [] }, Ct);
            }

            await StoreHealthAssert.HealthyOnlyOnARealSqliteStoreAsync(CheckAsync, path);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_configuration_overload_binds_the_options()
    {
        var authority = Convert.ToBase64String(new byte[32]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Backend"] = "InMemory",
            ["ReplayWindow"] = "00:02:00",
            ["TrustedAuthorityKeys:0"] = authority,
            ["PseudonymKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();

        using var provider = new ServiceCollection().AddEIdRisk(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RiskOptions>>().Value;

        Assert.Equal(EId.Storage.StorageBackend.InMemory, options.Storage.Backend);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ReplayWindow);
        Assert.Equal(32, Assert.Single(options.TrustedAuthorityKeys).Length);
    }

    private static async Task<HealthReportEntry> CheckAsync(string sqlitePath)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddEIdRisk(o =>
        {
            o.Storage.SqlitePath = sqlitePath;
            o.TrustedAuthorityKeys.Add(new byte[32]);
            o.PseudonymKey = new byte[32];
        });
        services.AddHealthChecks().AddEIdRisk();
        await using var provider = services.BuildServiceProvider();
        return (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct)).Entries["eid.risk"];
    }
}
