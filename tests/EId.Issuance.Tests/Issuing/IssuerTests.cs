using EId.Credentials;
using EId.Issuance;
using EId.Issuance.Issuing;
using EId.Registry;
using EId.Risk;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Issuance.Tests.Issuing;

public sealed class IssuerTests(FaceFixture faces) : IClassFixture<FaceFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Genuine_request_is_issued_recorded_and_its_QR_verifies_offline()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(11), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var steps = new List<IssuanceProgress>();

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-genuine", document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), new SyncProgress(steps), Ct);

        Assert.True(outcome.IsIssued, outcome.Refusal?.ToString());
        Assert.False(outcome.FromJournal);
        var verdict = await h.Services.GetRequiredService<ICredentialVerifier>().VerifyAsync(outcome.Credential.QrText, Ct);
        Assert.True(verdict.IsValid, verdict.Message);
        Assert.Equal(citizen.IdNumber, verdict.Subject!.IdNumber);
        Assert.Equal(citizen.FullName, verdict.Subject.FullName);
        Assert.NotNull(verdict.Subject.Face);
        Assert.Equal(h.Device.DeviceId, verdict.Metadata!.DeviceId);

        var issuances = await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct);
        var recorded = Assert.Single(issuances);
        Assert.Equal(outcome.Credential.Metadata.Serial, recorded.Serial);
        Assert.Equal("req-genuine", recorded.RequestId);

        var events = await h.EventsAsync(citizen.IdNumber);
        var issued = Assert.Single(events, e => e.Reasons.Any(r => r.Code == RiskReasonCode.Issued));
        Assert.Equal(RiskDecision.Allow, issued.Decision);
        Assert.Equal("site-test", issued.SiteId);
        Assert.DoesNotContain(citizen.IdNumber, issued.SubjectMasked ?? string.Empty, StringComparison.Ordinal);

        Assert.Contains(steps, s => s.Step == IssuanceStep.FaceMatch && s.State == IssuanceStepState.Passed);
        Assert.Contains(steps, s => s.Step == IssuanceStep.Liveness && s.State == IssuanceStepState.Skipped);
        Assert.DoesNotContain(steps, s => s.Detail.Contains(citizen.IdNumber, StringComparison.Ordinal) || s.Detail.Contains(citizen.FullName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Same_request_id_retried_returns_the_same_credential_without_issuing_twice()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(13), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var capture = IssuanceHarness.Capture(IssuanceHarness.ObamaLive);

        var first = await h.Issuer.IssueAsync(h.Sign("req-idem", document, capture), cancellationToken: Ct);
        var retry = await h.Issuer.IssueAsync(h.Sign("req-idem", document, capture), cancellationToken: Ct); // re-signed: new nonce

        Assert.True(first.IsIssued, first.Refusal?.ToString());
        Assert.True(retry.IsIssued, retry.Refusal?.ToString());
        Assert.True(retry.FromJournal);
        Assert.Equal(first.Credential.QrText, retry.Credential.QrText);
        Assert.Equal(first.Credential.Metadata.Serial, retry.Credential.Metadata.Serial);
        Assert.Single(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
        Assert.Single(await h.EventsAsync(citizen.IdNumber), e => e.Reasons.Any(r => r.Code == RiskReasonCode.Issued));

        // The same id with other frames is not a retry.
        var other = await h.Issuer.IssueAsync(h.Sign("req-idem", document, IssuanceHarness.Capture(IssuanceHarness.ObamaReference)), cancellationToken: Ct);
        Assert.False(other.IsIssued);
        Assert.True(other.Refusal.Has(IssuanceReasonCodes.RequestIdReused));
    }

    [Fact]
    public async Task Replayed_request_is_refused_by_the_gateway()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(15), IssuanceHarness.ObamaReference);
        var request = h.Sign("req-replay", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive));

        var first = await h.Issuer.IssueAsync(request, cancellationToken: Ct);
        var replay = await h.Issuer.IssueAsync(request, cancellationToken: Ct);

        Assert.True(first.IsIssued, first.Refusal?.ToString());
        Assert.False(replay.IsIssued);
        Assert.Equal(IssuanceStep.Gateway, replay.Refusal.Step);
        Assert.True(replay.Refusal.Has(RiskReasonCode.NonceReplayed), replay.Refusal.ToString());
        Assert.Single(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
    }

    [Fact]
    public async Task Blacklisted_person_is_refused_and_the_refusal_is_in_the_risk_store()
    {
        var id = IssuanceHarness.NewIdNumber(17);
        await using var h = IssuanceHarness.Create(faces.Verifier, allowWithoutLiveness: true, id);
        var citizen = await h.SeedCitizenAsync(id, IssuanceHarness.ObamaReference);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-black", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Gateway, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.IdBlacklisted));
        var denied = Assert.Single(await h.EventsAsync(id), e => e.Decision == RiskDecision.Deny);
        Assert.Contains(denied.Reasons, r => r.Code == RiskReasonCode.IdBlacklisted);
        Assert.Empty(await h.Admin!.GetIssuancesAsync(id, Ct));
    }

    [Fact]
    public async Task Face_mismatch_is_refused_recorded_and_nothing_is_issued()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(19), IssuanceHarness.ObamaReference);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-impostor", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.BidenLive)), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.FaceMatch, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.FaceMismatch), outcome.Refusal.ToString());
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
        var events = await h.EventsAsync(citizen.IdNumber);
        Assert.Contains(events, e => e.Decision == RiskDecision.Deny && e.Reasons.Any(r => r.Code == RiskReasonCode.FaceMismatch) && e.RequestId == "req-impostor");
        Assert.DoesNotContain(events, e => e.Reasons.Any(r => r.Code == RiskReasonCode.Issued));
    }

    [Fact]
    public async Task Registry_outage_gives_a_clean_retryable_refusal_and_no_card()
    {
        await using var h = IssuanceHarness.WithUnreachableRegistry(faces.Verifier);
        var id = IssuanceHarness.NewIdNumber(21);
        var citizen = new CitizenRecord { IdNumber = id, FullName = "测试公民", Gender = Documents.Gender.Male, BirthDate = new DateOnly(1961, 8, 4), Ethnicity = "汉", Address = "北京市东城区测试路1号" };
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var capture = IssuanceHarness.Capture(IssuanceHarness.ObamaLive);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-outage", document, capture), cancellationToken: Ct);
        var retry = await h.Issuer.IssueAsync(h.Sign("req-outage", document, capture), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Registry, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.RegistryUnavailable), outcome.Refusal.ToString());
        Assert.True(outcome.Refusal.Retryable);
        Assert.False(retry.FromJournal); // transient refusals are not journaled: the retry ran again
        Assert.Equal(IssuanceStep.Registry, retry.Refusal!.Step);
        var events = await h.EventsAsync(id);
        Assert.Equal(2, events.Count(e => e.Reasons.Any(r => r.Code == RiskReasonCode.RegistryUnavailable)));
        Assert.DoesNotContain(events, e => e.Reasons.Any(r => r.Code == RiskReasonCode.Issued));
    }

    [Fact]
    public async Task Citizen_whose_card_is_reported_stolen_is_refused_at_the_registry()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(23), IssuanceHarness.ObamaReference, CitizenStatus.CardStolen);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-stolen", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.Registry, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.RegistryRefused));
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
    }

    [Fact]
    public async Task Without_a_liveness_check_the_issuer_refuses_unless_explicitly_allowed()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier, allowWithoutLiveness: false);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(25), IssuanceHarness.ObamaReference);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-noliveness", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.Liveness, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.NoLivenessCheck));
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
    }

    [Fact]
    public async Task Registered_liveness_checks_decide_after_the_face_match()
    {
        await using var h = IssuanceHarness.WithPassiveLiveness(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(31), IssuanceHarness.ObamaReference);
        var capture = IssuanceHarness.Capture(IssuanceHarness.ObamaLive);
        var checks = h.Services.GetServices<Faces.ILivenessCheck>().ToList();
        Assert.NotEmpty(checks);
        var live = true;
        foreach (var check in checks)
        {
            live &= (await check.CheckAsync(capture, Ct)).IsLive;
        }

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-live", await IssuanceHarness.ReadCardAsync(citizen), capture), cancellationToken: Ct);

        // Whatever the PAD model says of this press photo, the issuer must follow it.
        Assert.Equal(live, outcome.IsIssued);
        if (!live)
        {
            Assert.Equal(IssuanceStep.Liveness, outcome.Refusal!.Step);
            Assert.True(outcome.Refusal.Has(RiskReasonCode.LivenessFailed));
            Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
        }
    }

    [Fact]
    public async Task Document_that_differs_from_the_registry_is_refused()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(27), IssuanceHarness.ObamaReference);
        var forged = await IssuanceHarness.ReadCardAsync(citizen with { FullName = "另一个人" });

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-forged", forged, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.Document, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.DocumentMismatch));
        Assert.DoesNotContain("另一个人", outcome.Refusal.Reasons[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_body_that_does_not_bind_the_frames_is_refused()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(29), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var signed = h.Sign("req-swap", document, IssuanceHarness.Capture(IssuanceHarness.BidenLive));

        // An authentic signature over someone else's frames, with the genuine frames swapped in.
        var outcome = await h.Issuer.IssueAsync(signed with { Capture = IssuanceHarness.Capture(IssuanceHarness.ObamaLive) }, cancellationToken: Ct);

        Assert.Equal(IssuanceStep.Gateway, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.RequestMalformed));
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
    }

    [Theory]
    [InlineData(129)]
    [InlineData(4000)]
    public async Task A_request_id_over_128_characters_is_refused_as_malformed_and_never_retryable(int length)
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(53), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);

        var outcome = await h.Issuer.IssueAsync(h.Sign(new string('r', length), document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Request, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.RequestMalformed), outcome.Refusal.ToString());
        Assert.False(outcome.Refusal.Retryable);
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
    }

    [Fact]
    public async Task A_request_id_reused_for_another_payload_is_not_retryable()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(55), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var first = await h.Issuer.IssueAsync(h.Sign("req-reused", document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        var other = await h.Issuer.IssueAsync(h.Sign("req-reused", document, IssuanceHarness.Capture(IssuanceHarness.ObamaReference)), cancellationToken: Ct);

        Assert.True(first.IsIssued, first.Refusal?.ToString());
        Assert.True(other.Refusal!.Has(IssuanceReasonCodes.RequestIdReused));
        Assert.False(other.Refusal.Retryable);
    }

    [Fact]
    public void Invalid_options_fail_at_start()
    {
        var services = new ServiceCollection().AddEIdIssuance(o => o.CredentialValidity = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IssuerOptions>>();
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => options.Value);
    }

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<IssuanceProgress> into) : IProgress<IssuanceProgress>
    {
        public void Report(IssuanceProgress value) => into.Add(value);
    }
}
