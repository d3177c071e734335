using System.Diagnostics.Metrics;
using EId.Registry.Storage;
using EId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using static EId.Registry.Tests.Support.TestToken;

namespace EId.Registry.Tests.Diagnostics;

/// <summary>The registry's meter and activities, its health check, the configuration overload and key-file validation.</summary>
public sealed class ObservabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Lookups_and_write_backs_are_counted_timed_and_traced_without_personal_data()
    {
        using var telemetry = new TelemetryRecorder(RegistryTelemetry.SourceName);
        var services = new ServiceCollection().AddSingleton<IMeterFactory>(telemetry);
        services.AddEIdRegistry(o => o.Storage.SqlitePath = _dir.File("registry.db"));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IIdentityRegistryAdmin>().UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var registry = provider.GetRequiredService<IIdentityRegistry>();

        Assert.True((await registry.LookupAsync(Citizens.ZhangId, Ct)).IsSuccess);
        Assert.False((await registry.LookupAsync(Citizens.LiId, Ct)).IsSuccess);

        var lookups = telemetry.Of("eid.registry.lookups");
        Assert.Equal(2, lookups.Count);
        Assert.Contains(lookups, m => (string?)m.Tag("eid.outcome") == "ok" && (string?)m.Tag("eid.kind") == "sqlite");
        Assert.Contains(lookups, m => (string?)m.Tag("eid.outcome") == "refused" && (string?)m.Tag("eid.reason") == nameof(RegistryError.NotFound));
        Assert.All(telemetry.Of("eid.registry.lookup.duration"), m => Assert.Equal("s", m.Instrument.Unit));
        Assert.Equal(2, telemetry.Of("eid.registry.lookup.duration").Count);
        Assert.Equal(2, telemetry.Activities.Count(a => a.OperationName == "eid.registry.lookup"));
        telemetry.AssertNoTagContains(Citizens.ZhangId);
        telemetry.AssertNoTagContains(Citizens.LiId);
        telemetry.AssertNoTagContains(Citizens.Zhang().FullName);
    }

    [Fact]
    public async Task The_health_check_is_healthy_on_a_real_sqlite_registry_and_unhealthy_on_a_missing_or_unreadable_one()
    {
        var path = _dir.File("registry.db");
        await using (var provider = new ServiceCollection().AddEIdRegistry(o => o.Storage.SqlitePath = path).BuildServiceProvider())
        {
            await provider.GetRequiredService<IIdentityRegistryAdmin>().UpsertCitizensAsync([Citizens.Zhang()], Ct);
        }

        await StoreHealthAssert.HealthyOnlyOnARealSqliteStoreAsync(CheckAsync, path);
    }

    [Fact]
    public void The_configuration_overload_binds_the_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Backend"] = "InMemory",
            ["Storage:SqlitePath"] = "/var/lib/eid/registry.db",
            ["Remote:MaxRetries"] = "4",
        }).Build();

        using var provider = new ServiceCollection().AddEIdRegistry(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RegistryOptions>>().Value;

        Assert.Equal(EId.Storage.StorageBackend.InMemory, options.Storage.Backend);
        Assert.Equal("/var/lib/eid/registry.db", options.Storage.SqlitePath);
        Assert.Equal(4, options.Remote.MaxRetries);
    }

    [Fact]
    public async Task A_missing_channel_key_file_fails_at_start_naming_the_option_and_the_path()
    {
        var missing = _dir.File("no-such-client.key");
        await using var provider = new ServiceCollection().AddEIdRegistry(o =>
        {
            o.Remote.Enabled = true;
            o.Remote.BaseAddress = new Uri("http://127.0.0.1:1/");
            o.Remote.ClientPrivateKeyFile = missing;
            o.Remote.ServerPublicKey = Convert.ToBase64String(new byte[32]);
        }).BuildServiceProvider();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () => await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(Ct));

        Assert.Contains("Remote.ClientPrivateKeyFile", failure.Message, StringComparison.Ordinal);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }

    private static async Task<HealthReportEntry> CheckAsync(string sqlitePath)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddEIdRegistry(o => o.Storage.SqlitePath = sqlitePath);
        services.AddHealthChecks().AddEIdRegistry();
        await using var provider = services.BuildServiceProvider();
        return (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct)).Entries["eid.registry"];
    }
}
