using System.Diagnostics.Metrics;
using EId.Issuance;
using EId.Issuance.Issuing;
using EId.Registry;
using EId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EId.Issuance.Tests.Diagnostics;

/// <summary>The issuer's meter, activities, health check and configuration binding.</summary>
public sealed class ObservabilityTests(FaceFixture faces) : IClassFixture<FaceFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_issuance_and_a_refusal_are_counted_timed_and_traced_without_personal_data()
    {
        using var telemetry = new TelemetryRecorder(IssuanceTelemetry.SourceName);
        await using var h = IssuanceHarness.Create(faces.Verifier, s => s.AddSingleton<IMeterFactory>(telemetry));
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(41), IssuanceHarness.ObamaReference);
        var stolen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(43), IssuanceHarness.ObamaReference, CitizenStatus.CardStolen);

        var issued = await h.Issuer.IssueAsync(h.Sign("req-obs-1", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);
        var refused = await h.Issuer.IssueAsync(h.Sign("req-obs-2", await IssuanceHarness.ReadCardAsync(stolen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.True(issued.IsIssued, issued.Refusal?.ToString());
        Assert.False(refused.IsIssued);
        var requests = telemetry.Of("eid.issuance.requests");
        Assert.Equal(2, requests.Count);
        Assert.Contains(requests, m => (string?)m.Tag("eid.outcome") == "issued" && m.Tag("eid.step") is null);
        Assert.Contains(requests, m => (string?)m.Tag("eid.outcome") == "refused" && (string?)m.Tag("eid.step") == nameof(IssuanceStep.Registry) && (string?)m.Tag("eid.reason") == RiskReasonCodeOf(refused));
        var durations = telemetry.Of("eid.issuance.duration");
        Assert.Equal(2, durations.Count);
        Assert.All(durations, m => Assert.Equal("s", m.Instrument.Unit));
        Assert.All(durations, m => Assert.InRange(m.Value, 0, 60));
        var steps = telemetry.Of("eid.issuance.step.duration");
        Assert.Contains(steps, m => (string?)m.Tag("eid.step") == nameof(IssuanceStep.FaceMatch) && (string?)m.Tag("eid.outcome") == nameof(IssuanceStepState.Passed));
        Assert.All(steps, m => Assert.Equal("s", m.Instrument.Unit));
        Assert.Equal(2, telemetry.Activities.Count(a => a.OperationName == "eid.issuance"));

        telemetry.AssertNoTagContains(citizen.IdNumber);
        telemetry.AssertNoTagContains(stolen.IdNumber);
        telemetry.AssertNoTagContains(citizen.FullName);
        telemetry.AssertNoTagContains(h.Device.DeviceId);
        telemetry.AssertNoTagContains("req-obs");
    }

    [Fact]
    public async Task The_journal_health_check_is_healthy_on_a_real_store_and_unhealthy_on_a_broken_one()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(45), IssuanceHarness.ObamaReference);
        await h.Issuer.IssueAsync(h.Sign("req-health", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);
        var journal = Path.Combine(h.Folder, "journal.db");

        await StoreHealthAssert.HealthyOnlyOnARealSqliteStoreAsync(CheckAsync, journal);
    }

    [Fact]
    public void The_configuration_overload_binds_the_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:Backend"] = "Sqlite",
            ["Journal:SqlitePath"] = "/var/lib/eid/journal.db",
            ["CredentialValidity"] = "02:00:00",
            ["AllowWithoutLiveness"] = "true",
        }).Build();

        using var provider = new ServiceCollection().AddEIdIssuance(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<IssuerOptions>>().Value;

        Assert.Equal(EId.Storage.StorageBackend.Sqlite, options.Journal.Backend);
        Assert.Equal("/var/lib/eid/journal.db", options.Journal.SqlitePath);
        Assert.Equal(TimeSpan.FromHours(2), options.CredentialValidity);
        Assert.True(options.AllowWithoutLiveness);
    }

    private static string? RiskReasonCodeOf(IssuanceOutcome outcome) => outcome.Refusal!.Reasons[0].Code.Value;

    private static async Task<HealthReport> CheckReportAsync(string journalPath)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEIdIssuance().UseSqlite(journalPath);
        services.AddHealthChecks().AddEIdIssuance();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
    }

    private static async Task<HealthReportEntry> CheckAsync(string journalPath) => (await CheckReportAsync(journalPath)).Entries["eid.issuance"];
}
