using EId.Faces;
using EId.Privacy;
using EId.Risk.Gateway;
using EId.Risk.Policies;

namespace EId.Risk.Tests.Gateway;

public sealed class SecurityGatewayTests
{
    private const string IdNumber = "110101199003074518";

    [Fact]
    public async Task Allowed_request_is_not_recorded_by_default_but_is_when_configured()
    {
        using var harness = await GatewayHarness.CreateAsync();

        var quiet = await harness.Gateway().CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction) { IdNumber = IdNumber }, TestContext.Current.CancellationToken);
        Assert.True(quiet.IsAllowed);
        Assert.Equal(0, harness.Store.Count);

        var recorded = await harness.Gateway(settings: new SecurityGatewaySettings { RecordAllowed = true })
            .CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction) { IdNumber = IdNumber, RequestId = "req-1" }, TestContext.Current.CancellationToken);
        Assert.True(recorded.IsAllowed);
        var stored = Assert.Single(await harness.Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken));
        Assert.Equal(RiskDecision.Allow, stored.Decision);
        Assert.Equal("site-bj-01", stored.SiteId);
        Assert.Equal("req-1", stored.RequestId);
    }

    [Fact]
    public async Task Refusal_is_recorded_with_pseudonym_and_mask_but_never_the_raw_number()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var blacklist = new IdBlacklist(harness.Pseudonym);
        blacklist.Add(IdNumber);
        var gateway = harness.Gateway([new IdBlacklistPolicy(blacklist)]);

        var result = await gateway.CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction) { IdNumber = IdNumber }, TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Deny, result.Decision);
        Assert.Equal(RiskReasonCode.IdBlacklisted, Assert.Single(result.Reasons).Code);
        var stored = Assert.Single(await harness.Store.QueryAsync(new RiskEventQuery { SubjectKey = harness.Pseudonym.Of(IdNumber) }, TestContext.Current.CancellationToken));
        Assert.Equal(PiiMask.IdNumber(IdNumber), stored.SubjectMasked);
        Assert.Equal("kiosk-001", stored.DeviceId);
        Assert.Equal(harness.Time.GetUtcNow(), stored.At);
        var everything = string.Join("|", stored.ToString(), stored.SubjectKey, stored.SubjectMasked, string.Join(",", stored.Reasons));
        Assert.DoesNotContain(IdNumber, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, string.Join(",", blacklist.SubjectKeys), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authentication_refusal_is_recorded_before_returning()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var gateway = harness.Gateway();
        var request = harness.SignIssue();
        Assert.True((await gateway.CheckAsync(new GatewayRequest(request, GatewayHarness.IssueAction), TestContext.Current.CancellationToken)).IsAllowed);

        var replay = await gateway.CheckAsync(new GatewayRequest(request, GatewayHarness.IssueAction) { IdNumber = IdNumber }, TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Deny, replay.Decision);
        Assert.Equal(RiskReasonCode.NonceReplayed, Assert.Single(replay.Reasons).Code);
        var stored = Assert.Single(await harness.Store.QueryAsync(new RiskEventQuery { DeviceId = "kiosk-001", Decision = RiskDecision.Deny }, TestContext.Current.CancellationToken));
        Assert.Equal(RiskReasonCode.NonceReplayed, Assert.Single(stored.Reasons).Code);
        Assert.Null(stored.SiteId);
    }

    [Fact]
    public async Task Action_outside_the_certificate_capabilities_is_denied()
    {
        using var harness = await GatewayHarness.CreateAsync();

        var result = await harness.Gateway().CheckAsync(new GatewayRequest(harness.SignIssue(), "verify-sender"), TestContext.Current.CancellationToken);

        Assert.Equal(SecurityGateway.CapabilityMissing, Assert.Single(result.Reasons).Code);
        Assert.Equal(1, harness.Store.Count);
    }

    [Fact]
    public async Task Garbage_device_id_is_not_written_to_the_store()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var request = harness.SignIssue() with { DeviceId = "<script>" + new string('x', 500) };

        var result = await harness.Gateway().CheckAsync(new GatewayRequest(request, GatewayHarness.IssueAction), TestContext.Current.CancellationToken);

        Assert.Equal(RiskReasonCode.RequestMalformed, Assert.Single(result.Reasons).Code);
        Assert.Null(Assert.Single(await harness.Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken)).DeviceId);
    }

    [Fact]
    public async Task Strictest_policy_wins_and_all_reasons_are_kept()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var blacklist = new IdBlacklist(harness.Pseudonym);
        blacklist.Add(IdNumber);
        var review = ClosedHoursPolicy(RiskDecision.Review);
        var gateway = harness.Gateway([review, new IdBlacklistPolicy(blacklist), new SitePolicy(["site-bj-01"], [])]);

        var result = await gateway.CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction) { IdNumber = IdNumber }, TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Deny, result.Decision);
        Assert.Equal(["policy.outside_hours", "subject.blacklisted"], result.Reasons.Select(r => r.Code.Value));
    }

    [Fact]
    public async Task A_throwing_policy_fails_closed()
    {
        using var harness = await GatewayHarness.CreateAsync();

        var result = await harness.Gateway([new ThrowingPolicy()]).CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction), TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Deny, result.Decision);
        Assert.Equal(RiskPipeline.PolicyFailed, Assert.Single(result.Reasons).Code);
    }

    [Fact]
    public async Task The_decision_names_the_authenticated_device_and_its_site_and_no_device_before_authentication()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var gateway = harness.Gateway();
        var request = harness.SignIssue();

        var allowed = await gateway.CheckAsync(new GatewayRequest(request, GatewayHarness.IssueAction), TestContext.Current.CancellationToken);
        var replayed = await gateway.CheckAsync(new GatewayRequest(request, GatewayHarness.IssueAction), TestContext.Current.CancellationToken);

        Assert.True(allowed.IsAllowed);
        Assert.Equal(("kiosk-001", "site-bj-01"), (allowed.DeviceId, allowed.SiteId));
        Assert.False(replayed.IsAllowed);
        Assert.Equal(((string?)null, (string?)null), (replayed.DeviceId, replayed.SiteId)); // the claimed device id did not authenticate
    }

    [Fact]
    public async Task A_throwing_policy_is_logged_under_the_gateway()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var log = new RecordingLogger();

        var result = await harness.Gateway([new ThrowingPolicy()], logger: log).CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction), TestContext.Current.CancellationToken);

        Assert.False(result.IsAllowed);
        var failure = Assert.Single(log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.IsType<InvalidOperationException>(failure.Exception, exactMatch: false);
        Assert.Contains("denying", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_is_recorded_too()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var review = ClosedHoursPolicy(RiskDecision.Review);

        var result = await harness.Gateway([review]).CheckAsync(new GatewayRequest(harness.SignIssue(), GatewayHarness.IssueAction), TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Review, result.Decision);
        Assert.Equal(RiskDecision.Review, Assert.Single(await harness.Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken)).Decision);
    }

    [Fact]
    public void Gateway_request_and_context_print_masked_numbers_only()
    {
        var request = new GatewayRequest(new SignedRequest { Method = "POST", Path = "/", Body = default, DeviceId = "k", Timestamp = default, Nonce = "n", Signature = default, Certificate = default }, "issue-eid") { IdNumber = IdNumber, Face = new FaceTemplate("m", new float[4]) };
        Assert.DoesNotContain(IdNumber, request.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The harness clock says 10:00 UTC; these hours are 12:00-13:00.</summary>
    private static OperatingHoursPolicy ClosedHoursPolicy(RiskDecision decision) =>
        new(new OperatingHours { From = new TimeOnly(12, 0), Until = new TimeOnly(13, 0) }, decision: decision);

    /// <summary>Fault injection: a policy whose backend fails.</summary>
    private sealed class ThrowingPolicy : IRiskPolicy
    {
        public string Name => "throwing";

        public ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("backend down");
    }

    /// <summary>Keeps what was logged (a log sink, not a stand-in for a component).</summary>
    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger<SecurityGateway>
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
