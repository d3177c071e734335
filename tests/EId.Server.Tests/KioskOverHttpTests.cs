using System.Net;
using System.Net.Http.Headers;
using EId.Credentials;
using EId.Demo;
using EId.Issuance;
using EId.Issuance.Remote;
using EId.Registry.Storage;
using EId.Risk;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Server.Tests;

/// <summary>The kiosk flow over real HTTP against a running EId.Server (sealed registry channel included).</summary>
[Collection(ServerCollection.Name)]
public sealed class KioskOverHttpTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_issued_qr_verifies_offline_against_the_servers_trust_list_and_the_registry_records_it()
    {
        using var http = Devices.Client(server.Address);
        var request = await Devices.KioskRequestAsync(server, 1);

        var outcome = await new HttpIssuer(http).IssueAsync(request, cancellationToken: Ct);

        Assert.True(outcome.IsIssued, outcome.ToString());
        var trustFile = Path.Combine(server.Workspace.Folder, "trust-from-server.json");
        await File.WriteAllTextAsync(trustFile, await http.GetStringAsync("v1/eid/trust", Ct), Ct);
        await using var verifier = new ServiceCollection().AddEIdCredentials(o => o.TrustListPath = trustFile).BuildServiceProvider();
        var verdict = await verifier.GetRequiredService<ICredentialVerifier>().VerifyAsync(outcome.Credential.QrText, Ct);
        Assert.True(verdict.IsValid, $"{verdict.Error} {verdict.Message}");
        Assert.Equal(request.Document.IdNumber, verdict.Subject?.IdNumber);
        Assert.Equal(DemoKeys.KioskDeviceId, verdict.Metadata?.DeviceId);

        var issuances = await server.App.Services.GetRequiredService<IIdentityRegistryAdmin>().GetIssuancesAsync(request.Document.IdNumber, Ct);
        Assert.Contains(issuances, i => i.Serial == outcome.Credential.Metadata.Serial);
    }

    [Fact]
    public async Task A_blacklisted_citizen_is_refused_at_the_gateway_and_the_refusal_is_recorded()
    {
        using var http = Devices.Client(server.Address);
        var request = await Devices.KioskRequestAsync(server, ServerFixture.BlacklistedCitizen);

        var outcome = await new HttpIssuer(http).IssueAsync(request, cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Gateway, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.IdBlacklisted), outcome.Refusal.ToString());
        var events = await server.App.Services.GetRequiredService<IRiskStore>().QueryAsync(new RiskEventQuery { DeviceId = DemoKeys.KioskDeviceId, Decision = RiskDecision.Deny }, Ct);
        var recorded = Assert.Single(events, e => e.RequestId == request.RequestId);
        Assert.Contains(recorded.Reasons, r => r.Code == RiskReasonCode.IdBlacklisted);
        Assert.DoesNotContain(request.Document.IdNumber, recorded.SubjectMasked ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(await server.App.Services.GetRequiredService<IIdentityRegistryAdmin>().GetIssuancesAsync(request.Document.IdNumber, Ct));
    }

    [Fact]
    public async Task A_replayed_request_is_refused_even_after_the_original_was_issued()
    {
        using var http = Devices.Client(server.Address);
        var body = IssuanceJson.SerializeRequest(await Devices.KioskRequestAsync(server, 1));

        var (firstStatus, first) = await PostAsync(http, body);
        var (replayStatus, replay) = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.True(first.IsIssued);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replayStatus);
        Assert.False(replay.IsIssued);
        Assert.Equal(IssuanceStep.Gateway, replay.Refusal.Step);
        Assert.True(replay.Refusal.Has(RiskReasonCode.NonceReplayed), replay.Refusal.ToString());
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_and_a_fresh_signature_answers_from_the_journal()
    {
        using var http = Devices.Client(server.Address);
        var requestId = Guid.NewGuid().ToString("N");
        var issuer = new HttpIssuer(http);

        var first = await issuer.IssueAsync(await Devices.KioskRequestAsync(server, 1, requestId), cancellationToken: Ct);
        var retry = await issuer.IssueAsync(await Devices.KioskRequestAsync(server, 1, requestId), cancellationToken: Ct);

        Assert.True(first.IsIssued, first.ToString());
        Assert.True(retry.IsIssued, retry.ToString());
        Assert.True(retry.FromJournal);
        Assert.Equal(first.Credential.QrText, retry.Credential.QrText);
    }

    [Fact]
    public async Task A_registry_outage_is_a_clean_retryable_refusal_with_no_card_and_the_reason_recorded()
    {
        var closed = new Uri($"http://127.0.0.1:{ServerFixture.FreePort()}/");
        var (app, address) = await ServerFixture.StartAsync(
            server.Workspace,
            $"--EId:Server:RegistryUrl={closed}",
            "--EId:Registry:Remote:AttemptTimeout=00:00:01",
            "--EId:Registry:Remote:MaxRetries=1",
            "--EId:Registry:Remote:RetryDelay=00:00:00.050");
        await using var _ = app;
        using var http = Devices.Client(address);
        var request = await Devices.KioskRequestAsync(server, 2);
        var before = await server.App.Services.GetRequiredService<IIdentityRegistryAdmin>().GetIssuancesAsync(request.Document.IdNumber, Ct);

        var (status, outcome) = await PostAsync(http, IssuanceJson.SerializeRequest(request));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Registry, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Retryable);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.RegistryUnavailable), outcome.Refusal.ToString());
        var after = await server.App.Services.GetRequiredService<IIdentityRegistryAdmin>().GetIssuancesAsync(request.Document.IdNumber, Ct);
        Assert.Equal(before.Count, after.Count);
        var events = await server.App.Services.GetRequiredService<IRiskStore>().QueryAsync(new RiskEventQuery { DeviceId = DemoKeys.KioskDeviceId }, Ct);
        Assert.Contains(events, e => e.RequestId == request.RequestId && e.Reasons.Any(r => r.Code == RiskReasonCode.RegistryUnavailable));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"requestId\":\"x\"}")]
    [InlineData("[1,2,3]")]
    public async Task A_malformed_body_is_a_typed_400_refusal(string body)
    {
        using var http = Devices.Client(server.Address);
        var (status, outcome) = await PostAsync(http, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Request, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.MalformedRequest));
    }

    [Theory]
    [InlineData(129)]
    [InlineData(1000)]
    public async Task A_request_id_over_128_characters_is_a_400_that_is_never_retryable(int length)
    {
        using var http = Devices.Client(server.Address);
        var request = await Devices.KioskRequestAsync(server, 1, new string('r', length));

        var (status, outcome) = await PostAsync(http, IssuanceJson.SerializeRequest(request));
        var viaClient = await new HttpIssuer(http).IssueAsync(await Devices.KioskRequestAsync(server, 1, new string('r', length)), cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Request, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.RequestMalformed), outcome.Refusal.ToString());
        Assert.False(outcome.Refusal.Retryable);
        Assert.False(viaClient.IsIssued);
        Assert.False(viaClient.Refusal.Retryable);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task The_issue_endpoint_answers_415_to_a_body_not_sent_as_json_and_issues_nothing(string? contentType)
    {
        using var http = Devices.Client(server.Address);
        var request = await Devices.KioskRequestAsync(server, 1);
        using var content = new ByteArrayContent(IssuanceJson.SerializeRequest(request));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await http.PostAsync(IssuanceEndpoint.Path.TrimStart('/'), content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var outcome = IssuanceJson.DeserializeOutcome(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(outcome!.Refusal!.Has(IssuanceReasonCodes.MalformedRequest));
        Assert.False(outcome.Refusal.Retryable);
        var issuances = await server.App.Services.GetRequiredService<IIdentityRegistryAdmin>().GetIssuancesAsync(request.Document.IdNumber, Ct);
        Assert.DoesNotContain(issuances, i => i.RequestId == request.RequestId);
    }

    [Fact]
    public async Task An_unreachable_front_system_is_a_retryable_refusal_on_the_device_not_an_exception()
    {
        using var http = Devices.Client(new Uri($"http://127.0.0.1:{ServerFixture.FreePort()}/"));
        var request = await Devices.KioskRequestAsync(server, 1);

        var outcome = await new HttpIssuer(http).IssueAsync(request, cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.True(outcome.Refusal.Retryable);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.ServerUnavailable));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200)]
    public async Task Garbage_on_the_registry_channel_is_a_typed_4xx_not_a_crash(int length)
    {
        using var http = Devices.Client(server.Address);
        using var content = new ByteArrayContent(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length));

        using var response = await http.PostAsync("registry", content, Ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Health_reports_healthy()
    {
        using var http = Devices.Client(server.Address);
        Assert.Equal("Healthy", await http.GetStringAsync("health", Ct));
    }

    private static async Task<(HttpStatusCode Status, IssuanceOutcome Outcome)> PostAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(IssuanceJson.ContentType);
        using var response = await http.PostAsync(IssuanceEndpoint.Path.TrimStart('/'), content, Ct);
        var outcome = IssuanceJson.DeserializeOutcome(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.NotNull(outcome);
        return (response.StatusCode, outcome);
    }
}
