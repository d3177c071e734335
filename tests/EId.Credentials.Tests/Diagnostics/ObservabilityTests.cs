using System.Diagnostics.Metrics;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EId.Credentials.Tests.Diagnostics;

/// <summary>The credential meter and activities, the status store's health check, the configuration overload and key-file validation.</summary>
public sealed class ObservabilityTests : IDisposable
{
    private const string IdNumber = "110101199003074518";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("eid-credentials-obs-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Issuing_and_verifying_are_counted_timed_and_traced_without_personal_data()
    {
        using var telemetry = new TelemetryRecorder(CredentialsTelemetry.SourceName);
        using var key = IssuerSigningKey.Generate();
        var services = new ServiceCollection().AddSingleton<IMeterFactory>(telemetry);
        services.AddSingleton<IIssuerKeyStore>(new InMemoryKeyStore(key));
        services.AddSingleton(TrustList.Empty.With(key.ToTrustedKey(TestCredentials.Issuer)));
        services.AddEIdCredentials(o => o.Issuer.Issuer = TestCredentials.Issuer);
        await using var provider = services.BuildServiceProvider();

        var issued = await provider.GetRequiredService<ICredentialIssuer>().IssueAsync(new CredentialRequest(new CredentialSubject { IdNumber = IdNumber, FullName = "Wang Wu" }, "KIOSK-OBS", TimeSpan.FromHours(1)), Ct);
        var verifier = provider.GetRequiredService<ICredentialVerifier>();
        Assert.True((await verifier.VerifyAsync(issued.QrText, Ct)).IsValid);
        Assert.False((await verifier.VerifyAsync("NOT-A-CREDENTIAL", Ct)).IsValid);

        var verifications = telemetry.Of("eid.credential.verifications");
        Assert.Equal(2, verifications.Count);
        Assert.Contains(verifications, m => (string?)m.Tag("eid.outcome") == "valid" && m.Tag("eid.reason") is null);
        Assert.Contains(verifications, m => (string?)m.Tag("eid.outcome") == "invalid" && m.Tag("eid.reason") is string);
        Assert.Equal(2, telemetry.Of("eid.credential.verify.duration").Count);
        Assert.All(telemetry.Of("eid.credential.verify.duration"), m => Assert.Equal("s", m.Instrument.Unit));
        Assert.Equal("issued", Assert.Single(telemetry.Of("eid.credential.issuances")).Tag("eid.outcome"));
        Assert.Equal("s", Assert.Single(telemetry.Of("eid.credential.issue.duration")).Instrument.Unit);
        Assert.Equal(2, telemetry.Activities.Count(a => a.OperationName == "eid.credential.verify"));
        Assert.Single(telemetry.Activities, a => a.OperationName == "eid.credential.issue");
        telemetry.AssertNoTagContains(IdNumber);
        telemetry.AssertNoTagContains("Wang Wu");
        telemetry.AssertNoTagContains("KIOSK-OBS");
    }

    [Fact]
    public async Task The_status_store_health_check_is_healthy_on_a_real_sqlite_store_and_unhealthy_on_a_missing_or_unreadable_one()
    {
        var path = Path.Combine(_dir, "status.db");
        using (var store = new SqliteCredentialStatusStore(path))
        {
            await store.NextAsync(new byte[16], Ct);
        }

        await StoreHealthAssert.HealthyOnlyOnARealSqliteStoreAsync(CheckAsync, path);
    }

    [Fact]
    public void The_configuration_overload_binds_the_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Issuer:Issuer"] = "https://kiosk.example.test/eid",
            ["Verifier:ClockSkew"] = "00:00:30",
            ["StatusStore:Backend"] = "Sqlite",
            ["StatusStore:SqlitePath"] = "/var/lib/eid/status.db",
        }).Build();

        using var provider = new ServiceCollection().AddEIdCredentials(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<CredentialsOptions>>().Value;

        Assert.Equal("https://kiosk.example.test/eid", options.Issuer.Issuer);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Verifier.ClockSkew);
        Assert.Equal(EId.Storage.StorageBackend.Sqlite, options.StatusStore.Backend);
        Assert.Equal("/var/lib/eid/status.db", options.StatusStore.SqlitePath);
    }

    [Fact]
    public async Task A_missing_signing_key_file_fails_at_start_naming_the_option_and_the_path()
    {
        var missing = Path.Combine(_dir, "no-such-issuer.p8");
        await using var provider = new ServiceCollection().AddEIdCredentials(o =>
        {
            o.Issuer.Issuer = TestCredentials.Issuer;
            o.SigningKeyPath = missing;
        }).BuildServiceProvider();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () => await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(Ct));

        Assert.Contains("SigningKeyPath", failure.Message, StringComparison.Ordinal);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }

    private static async Task<HealthReportEntry> CheckAsync(string statusStore)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddEIdCredentials().UseSqlite(statusStore);
        services.AddHealthChecks().AddEIdCredentials();
        await using var provider = services.BuildServiceProvider();
        return (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct)).Entries["eid.credentials"];
    }
}
