using System.Text;
using EId.Documents;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Outcomes;
using EId.Postal.Parcels;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using EId.Postal.Verdicts;
using EId.Postal.Waybills;
using EId.Registry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Tests.Verdicts;

/// <summary>
/// The three-host flow's logic in one process: the identity server's <see cref="VerdictIssuer"/> (the real sender check over
/// the test registry, face and liveness of <c>Support/CourierTestDoubles.cs</c>) signs with a real Ed25519 key; the postal
/// server's <see cref="VerdictIntake"/> checks trust, binding, freshness and replay before it appends to a real ledger.
/// </summary>
public sealed class VerdictIntakeTests : IDisposable
{
    private const string ZhangId = "110105199003072316";
    private const string ZhangName = "张三丰";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly TableRegistry _registry = new();
    private readonly SenderTokenKey _tokens = new(new byte[32]);
    private readonly LedgerKeys _keys = TestLedger.Keys();
    private readonly InMemoryLedgerStore _store = new();
    private readonly VerdictSigner _signer = new("ids-test-1", VerdictSigner.GeneratePrivateKey());
    private readonly ParcelLedger _ledger;
    private readonly VerdictIssuer _issuer;
    private readonly VerdictIntake _intake;
    private readonly VerdictRelay _relay;
    private readonly InMemoryIntakeOutcomeStore _outcomes = new();
    private long _serial = 100;

    public VerdictIntakeTests()
    {
        var postal = Options.Create(new PostalOptions { VerifierId = "ids-test" });
        var verdicts = Options.Create(new VerdictOptions { Lifetime = TimeSpan.FromMinutes(2), MaxAge = TimeSpan.FromMinutes(5), ClockSkew = TimeSpan.FromSeconds(30) });
        _registry.Citizens[ZhangId] = new CitizenRecord { IdNumber = ZhangId, FullName = ZhangName, Portrait = TestFaces.Portrait("zhang") };
        _ledger = new ParcelLedger(_store, _keys, postal, _time);
        var check = new SenderIdentityCheck(_registry, new MarkerFaceVerifier(), [new MarkerLiveness()], null, postal, _time);
        _issuer = new VerdictIssuer(check, _signer, _tokens, verdicts, _time);
        _intake = new VerdictIntake(new VerdictVerifier([new("ids-test-1", _signer.PublicKey)]), new ListReplayGuard(), _ledger, new ProhibitedCategoryPolicy(postal), verdicts, _time,
            outcomes: new StoredIntakeOutcomeRecorder(_outcomes, _time));
        _relay = new VerdictRelay(_issuer, new InProcessVerdictChannel(_intake));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ParcelDetails Details() => VerdictProperties.Parcel(WaybillNumber.Create("EI", ++_serial).Value);

    private static SenderCheckRequest Request(ParcelDetails parcel, string face = "zhang") => new()
    {
        Document = new IdentityDocument
        {
            Kind = DocumentKind.ResidentIdCard,
            IdNumber = ZhangId,
            FullName = ZhangName,
            ValidFrom = new DateOnly(2016, 1, 1),
            ValidUntil = new DateOnly(2036, 1, 1),
        },
        LiveFace = TestFaces.Of(face),
        SenderPhone = "13812345678",
        Parcel = parcel,
        CourierId = "courier-7",
        DeviceId = "handheld-42",
    };

    [Fact]
    public async Task A_genuine_sender_is_recorded_under_the_verdicts_token_with_a_verifiable_receipt_and_no_personal_data()
    {
        var parcel = Details();

        var result = await _relay.SubmitAsync(Request(parcel), Ct);

        Assert.Equal(IntakeStatus.Accepted, result.Status);
        Assert.Equal("张**", result.SenderNameMasked);
        Assert.Null(result.Receipt!.CheckSignature(LedgerKeys.VerifyOnly([_keys.SigningPublicKey!])));
        Assert.True((await _ledger.VerifyReceiptAsync(result.Receipt, Ct)).IsValid);
        var stored = await _ledger.FindPublicAsync(parcel.WaybillNumber, Ct);
        Assert.NotNull(stored);
        Assert.Equal(_tokens.TokenOf(ZhangId), stored.SenderToken);
        Assert.Equal("ids-test-1", stored.Verification.VerifierId);
        Assert.Equal(SenderVerdict.Verified, stored.Verification.Verdict);
        Assert.Equal(("courier-7", "handheld-42"), (stored.CourierId, stored.DeviceId));
        Assert.Null(stored.SenderPii);
    }

    [Fact]
    public async Task The_signed_verdict_carries_neither_the_id_number_nor_the_full_name()
    {
        var signed = await _issuer.IssueAsync(Request(Details()), Ct);

        var text = Encoding.UTF8.GetString(signed.Bytes);
        Assert.DoesNotContain(ZhangId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ZhangName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", text, StringComparison.Ordinal);
        Assert.Contains(_tokens.TokenOf(ZhangId), text, StringComparison.Ordinal);
        Assert.DoesNotContain(ZhangId, signed.Verdict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_identity_server_says_not_the_holder_nothing_is_recorded()
    {
        var parcel = Details();

        var result = await _relay.SubmitAsync(Request(parcel, face: "someone-else"), Ct);

        Assert.Equal(IntakeStatus.SenderRejected, result.Status);
        Assert.Contains(SenderCheckReason.FaceNotMatched, result.Reasons);
        Assert.Null(result.Receipt);
        Assert.Null(await _ledger.FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task Decisions_on_verdicts_are_recorded_for_statistics_and_refused_verdicts_are_not()
    {
        var accepted = Details();
        var notHolder = Details();
        Assert.Equal(IntakeStatus.Accepted, (await _relay.SubmitAsync(Request(accepted), Ct)).Status);
        Assert.Equal(IntakeStatus.SenderRejected, (await _relay.SubmitAsync(Request(notHolder, face: "someone-else"), Ct)).Status);
        var signed = await _issuer.IssueAsync(Request(Details()), Ct);
        Assert.Equal(IntakeStatus.VerdictRejected, (await _intake.AcceptAsync(new VerdictSubmission { Verdict = signed.Bytes, Parcel = Details() }, Ct)).Status);

        var recorded = await _outcomes.ReadAsync(_time.GetUtcNow().AddDays(-1), _time.GetUtcNow().AddDays(1), Ct).ToListAsync(Ct);
        Assert.Equal([IntakeOutcomeKind.Accepted, IntakeOutcomeKind.IdentityFailure], recorded.Select(o => o.Kind).ToArray());
        Assert.All(recorded, o => Assert.Equal(accepted.OriginRegion, o.OriginRegion));
    }

    [Fact]
    public async Task A_verdict_for_another_parcel_is_refused()
    {
        var bound = Details();
        var signed = await _issuer.IssueAsync(Request(bound), Ct);

        // Another waybill, and the same waybill with other contents.
        var other = Details();
        var heavier = bound with { WeightGrams = bound.WeightGrams + 1 };
        var first = await _intake.AcceptAsync(new VerdictSubmission { Verdict = signed.Bytes, Parcel = other }, Ct);
        var second = await _intake.AcceptAsync(new VerdictSubmission { Verdict = signed.Bytes, Parcel = heavier }, Ct);

        Assert.Equal((IntakeStatus.VerdictRejected, VerdictError.NotBound), (first.Status, first.VerdictProblem));
        Assert.Equal((IntakeStatus.VerdictRejected, VerdictError.NotBound), (second.Status, second.VerdictProblem));
        Assert.Null(await _ledger.FindPublicAsync(other.WaybillNumber, Ct));
        Assert.Null(await _ledger.FindPublicAsync(bound.WaybillNumber, Ct));

        // The refusals did not use the verdict up: it is still good for its own parcel.
        Assert.Equal(IntakeStatus.Accepted, (await _intake.AcceptAsync(new VerdictSubmission { Verdict = signed.Bytes, Parcel = bound }, Ct)).Status);
    }

    [Fact]
    public async Task An_expired_a_stale_and_a_future_verdict_are_refused()
    {
        var parcel = Details();
        var signed = await _issuer.IssueAsync(Request(parcel), Ct);
        _time.Advance(TimeSpan.FromMinutes(2));
        var expired = await _intake.AcceptAsync(new VerdictSubmission { Verdict = signed.Bytes, Parcel = parcel }, Ct);
        Assert.Equal(VerdictError.Expired, expired.VerdictProblem);

        // A verdict whose own expiry is generous is still refused once older than the postal server's MaxAge.
        var now = _time.GetUtcNow();
        var stale = _signer.Sign(VerdictProperties.Verdict(parcel, issuedAt: now.AddMinutes(-6)) with { ExpiresAt = now.AddHours(1) });
        Assert.Equal(VerdictError.Expired, (await _intake.AcceptAsync(new VerdictSubmission { Verdict = stale, Parcel = parcel }, Ct)).VerdictProblem);

        var future = _signer.Sign(VerdictProperties.Verdict(parcel, issuedAt: now.AddMinutes(1)));
        Assert.Equal(VerdictError.NotYetValid, (await _intake.AcceptAsync(new VerdictSubmission { Verdict = future, Parcel = parcel }, Ct)).VerdictProblem);

        // Within the skew it is fine.
        var skewed = _signer.Sign(VerdictProperties.Verdict(parcel, issuedAt: now.AddSeconds(20)));
        Assert.Equal(IntakeStatus.Accepted, (await _intake.AcceptAsync(new VerdictSubmission { Verdict = skewed, Parcel = parcel }, Ct)).Status);
    }

    [Fact]
    public async Task A_replayed_verdict_is_refused_and_the_parcel_is_stored_once()
    {
        var parcel = Details();
        var signed = await _issuer.IssueAsync(Request(parcel), Ct);
        var submission = new VerdictSubmission { Verdict = signed.Bytes, Parcel = parcel };

        var first = await _intake.AcceptAsync(submission, Ct);
        var again = await _intake.AcceptAsync(submission, Ct);

        Assert.Equal(IntakeStatus.Accepted, first.Status);
        Assert.Equal((IntakeStatus.VerdictRejected, VerdictError.Replayed), (again.Status, again.VerdictProblem));
        Assert.Null(again.Receipt);
    }

    [Fact]
    public async Task An_untrusted_or_tampered_verdict_is_refused()
    {
        var parcel = Details();
        using var stranger = new VerdictSigner("ids-test-1", VerdictSigner.GeneratePrivateKey());
        var forged = stranger.Sign(VerdictProperties.Verdict(parcel, issuedAt: _time.GetUtcNow()));
        var genuine = (await _issuer.IssueAsync(Request(parcel), Ct)).Bytes;
        var tampered = genuine.ToArray();
        tampered[tampered.Length / 2] ^= 0x20;

        Assert.Equal(VerdictError.BadSignature, (await _intake.AcceptAsync(new VerdictSubmission { Verdict = forged, Parcel = parcel }, Ct)).VerdictProblem);
        Assert.NotNull((await _intake.AcceptAsync(new VerdictSubmission { Verdict = tampered, Parcel = parcel }, Ct)).VerdictProblem);
        Assert.Null(await _ledger.FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public void Options_with_a_bad_key_or_window_fail_validation()
    {
        var validator = new VerdictOptionsValidator();
        var good = new VerdictOptions { SigningKey = new byte[32] };
        good.TrustedKeys["ids-1"] = Convert.ToBase64String(_signer.PublicKey);
        Assert.True(validator.Validate(null, good).Succeeded);

        var bad = new VerdictOptions { SigningKey = new byte[31], MaxAge = TimeSpan.Zero, KeyId = "" };
        bad.TrustedKeys["ids-1"] = "not base64";
        var result = validator.Validate(null, bad);
        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }

    public void Dispose()
    {
        _tokens.Dispose();
        _keys.Dispose();
        _signer.Dispose();
    }
}
