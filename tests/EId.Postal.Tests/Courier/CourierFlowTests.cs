using System.Net;
using System.Net.Http.Json;
using EId.Credentials;
using EId.Documents;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using EId.Postal.Waybills;
using EId.Privacy;
using EId.Registry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Tests.Courier;

/// <summary>
/// The courier flow's decision logic over a real ledger (in-memory store, real keys), with the
/// identity-server dependencies played by the test implementations in <c>Support/CourierTestDoubles.cs</c>.
/// </summary>
public sealed class CourierFlowTests : IDisposable
{
    private const string ZhangId = "110105199003072316";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.FromHours(8)));
    private readonly TableRegistry _registry = new();
    private readonly TableCredentialVerifier _credentials = new();
    private readonly LedgerKeys _keys = TestLedger.Keys();
    private readonly SenderTokenKey _tokens = new(new byte[32]);
    private readonly InMemoryLedgerStore _store = new();
    private readonly ParcelLedger _ledger;
    private readonly ParcelIntake _intake;
    private long _serial;

    public CourierFlowTests()
    {
        var options = Options.Create(new PostalOptions { ProhibitedCategories = { "EXPLOSIVE" }, MaxWeightGrams = 30_000, VerifierId = "ids-test" });
        _registry.Citizens[ZhangId] = new CitizenRecord { IdNumber = ZhangId, FullName = "张三", Portrait = TestFaces.Portrait("zhang") };
        _registry.Citizens["110105199003071111"] = new CitizenRecord { IdNumber = "110105199003071111", FullName = "李四", Status = CitizenStatus.CardLost, Portrait = TestFaces.Portrait("li") };
        _ledger = new ParcelLedger(_store, _keys, options, _time);
        var identity = new SenderIdentityCheck(_registry, new MarkerFaceVerifier(), [new MarkerLiveness()], _credentials, options, _time);
        _intake = new ParcelIntake(identity, _ledger, new ProhibitedCategoryPolicy(options), _tokens, _time);
    }

    private static IdentityDocument Card(string id = ZhangId, string name = "张三", DateOnly? validUntil = null) => new()
    {
        Kind = DocumentKind.ResidentIdCard,
        IdNumber = id,
        FullName = name,
        ValidFrom = new DateOnly(2016, 1, 1),
        ValidUntil = validUntil ?? new DateOnly(2036, 1, 1),
        Portrait = TestFaces.Portrait("card-photo"),
    };

    private ParcelDetails Details(string category = "DOC", int grams = 1200) => new()
    {
        WaybillNumber = WaybillNumber.Create("SF", ++_serial).Value,
        ItemCategory = category,
        ItemDescription = "contracts",
        WeightGrams = grams,
        OriginRegion = "110105",
        DestinationRegion = "310115",
    };

    private SenderCheckRequest Request(IdentityDocument? card = null, string? qr = null, string face = "zhang", ParcelDetails? details = null) => new()
    {
        Document = qr is null ? card ?? Card() : null,
        CredentialQr = qr,
        LiveFace = face.StartsWith("spoof", StringComparison.Ordinal) ? TestFaces.Spoof(face) : TestFaces.Of(face),
        SenderPhone = "13812345678",
        Parcel = details ?? Details(),
        CourierId = "courier-7",
        DeviceId = "handheld-42",
    };

    [Fact]
    public async Task A_verified_sender_gets_a_ledger_record_with_token_masks_scores_and_sealed_pii()
    {
        var request = Request();
        var result = await _intake.AcceptAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(IntakeStatus.Accepted, result.Status);
        Assert.Equal("张*", result.SenderNameMasked);
        Assert.Equal("138****5678", result.SenderPhoneMasked);
        Assert.Equal(1, result.Receipt!.Sequence);
        var stored = await _ledger.FindAsync(request.Parcel.WaybillNumber, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(_tokens.TokenOf(ZhangId), stored.SenderToken);
        Assert.Equal(SenderVerdict.Verified, stored.Verification.Verdict);
        Assert.Equal(0.82f, stored.Verification.FaceScore);
        Assert.Equal(0.97f, stored.Verification.LivenessScore);
        Assert.Equal("id-card", stored.Verification.Method);
        Assert.Equal("ids-test", stored.Verification.VerifierId);
        Assert.Equal(new SenderPii(ZhangId, "张三", "13812345678"), stored.SenderPii);
        Assert.DoesNotContain("张三", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_liveness_check_or_with_a_broken_one_the_sender_is_not_live_and_nothing_is_recorded()
    {
        var options = Options.Create(new PostalOptions { VerifierId = "ids-test" });
        foreach (var checks in new EId.Faces.ILivenessCheck[][] { [], [new ThrowingLiveness()], [new MarkerLiveness(), new ThrowingLiveness()] })
        {
            var identity = new SenderIdentityCheck(_registry, new MarkerFaceVerifier(), checks, _credentials, options, _time);
            var intake = new ParcelIntake(identity, _ledger, new ProhibitedCategoryPolicy(options), _tokens, _time);

            // The same genuine sender the other tests accept: refused, because nothing showed they are live.
            var result = await intake.AcceptAsync(Request(), TestContext.Current.CancellationToken);

            Assert.Equal((SenderVerdict.NotLive, SenderCheckReason.LivenessFailed), Verdict(result));
        }

        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task Each_failed_check_gives_its_verdict_and_records_nothing()
    {
        async Task<IntakeResult> Run(SenderCheckRequest r) => await _intake.AcceptAsync(r, TestContext.Current.CancellationToken);

        var expired = await Run(Request(Card(validUntil: new DateOnly(2026, 11, 1))));
        var unknown = await Run(Request(Card(id: "110105199003079999")));
        var lost = await Run(Request(Card(id: "110105199003071111", name: "李四"), face: "li"));
        var borrowed = await Run(Request(face: "wang"));
        var spoof = await Run(Request(face: "spoof-zhang"));
        var wrongName = await Run(Request(Card(name: "张三丰")));
        var noFace = await Run(Request() with { LiveFace = new EId.Faces.FaceCapture([]) });
        _registry.Unavailable = true;
        var down = await Run(Request());

        Assert.Equal((SenderVerdict.DocumentRejected, SenderCheckReason.DocumentExpired), Verdict(expired));
        Assert.Equal((SenderVerdict.RegistryRejected, SenderCheckReason.RegistryNotFound), Verdict(unknown));
        Assert.Equal((SenderVerdict.RegistryRejected, SenderCheckReason.RegistryStatusNotValid), Verdict(lost));
        Assert.Equal((SenderVerdict.FaceMismatch, SenderCheckReason.FaceNotMatched), Verdict(borrowed));
        Assert.Equal(0.11f, borrowed.Verification!.FaceScore);
        Assert.Equal((SenderVerdict.NotLive, SenderCheckReason.LivenessFailed), Verdict(spoof));
        Assert.True(float.IsNaN(spoof.Verification!.FaceScore));
        Assert.Equal((SenderVerdict.RegistryRejected, SenderCheckReason.NameMismatch), Verdict(wrongName));
        Assert.Equal((SenderVerdict.NotLive, SenderCheckReason.NoLiveFrames), Verdict(noFace));
        Assert.Equal((SenderVerdict.RegistryRejected, SenderCheckReason.RegistryUnavailable), Verdict(down));
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task The_registry_portrait_is_the_reference_not_the_card_photo()
    {
        var withCardFace = await _intake.AcceptAsync(Request(face: "card-photo"), TestContext.Current.CancellationToken);
        _registry.Citizens[ZhangId] = _registry.Citizens[ZhangId] with { Portrait = null };
        var fallback = await _intake.AcceptAsync(Request(face: "card-photo"), TestContext.Current.CancellationToken);

        Assert.Equal(IntakeStatus.SenderRejected, withCardFace.Status);
        Assert.Equal(IntakeStatus.Accepted, fallback.Status);
    }

    [Fact]
    public async Task A_QR_credential_is_verified_offline_and_matched_to_its_face_claim()
    {
        var subject = new CredentialSubject { IdNumber = ZhangId, FullName = "张三", Face = TestFaces.Portrait("zhang") };
        _credentials.Answers["QR-OK"] = new CredentialVerification(subject, new CredentialMetadata(), null, "ok");
        _credentials.Answers["QR-TEMPLATE"] = new CredentialVerification(subject with { Face = null, FaceTemplate = new EId.Faces.FaceTemplate("marker", MarkerFaceVerifier.Vector("zhang")) }, new CredentialMetadata(), null, "ok");
        _credentials.Answers["QR-EXPIRED"] = new CredentialVerification(subject, new CredentialMetadata(), CredentialError.Expired, "expired");
        _credentials.Answers["QR-NOFACE"] = new CredentialVerification(subject with { Face = null }, new CredentialMetadata(), null, "ok");
        var lookupsBefore = _registry.Lookups;

        var ok = await _intake.AcceptAsync(Request(qr: "QR-OK"), TestContext.Current.CancellationToken);
        var template = await _intake.AcceptAsync(Request(qr: "QR-TEMPLATE"), TestContext.Current.CancellationToken);
        var otherFace = await _intake.AcceptAsync(Request(qr: "QR-OK", face: "wang"), TestContext.Current.CancellationToken);
        var expired = await _intake.AcceptAsync(Request(qr: "QR-EXPIRED"), TestContext.Current.CancellationToken);
        var forged = await _intake.AcceptAsync(Request(qr: "QR-FORGED"), TestContext.Current.CancellationToken);
        var noFace = await _intake.AcceptAsync(Request(qr: "QR-NOFACE"), TestContext.Current.CancellationToken);

        Assert.Equal(IntakeStatus.Accepted, ok.Status);
        Assert.Equal("eid-qr", ok.Verification!.Method);
        Assert.Equal(IntakeStatus.Accepted, template.Status);
        Assert.Equal((SenderVerdict.FaceMismatch, SenderCheckReason.FaceNotMatched), Verdict(otherFace));
        Assert.Equal((SenderVerdict.DocumentRejected, SenderCheckReason.CredentialInvalid), Verdict(expired));
        Assert.Equal((SenderVerdict.DocumentRejected, SenderCheckReason.CredentialInvalid), Verdict(forged));
        Assert.Equal((SenderVerdict.DocumentRejected, SenderCheckReason.CredentialHasNoFace), Verdict(noFace));
        Assert.Equal(lookupsBefore, _registry.Lookups);
        Assert.Equal(_tokens.TokenOf(ZhangId), (await _ledger.FindAsync(ok.WaybillNumber, TestContext.Current.CancellationToken))!.SenderToken);
    }

    [Fact]
    public async Task Presenting_both_or_neither_identity_is_refused()
    {
        var both = await _intake.AcceptAsync(Request() with { CredentialQr = "QR-OK" }, TestContext.Current.CancellationToken);
        var neither = await _intake.AcceptAsync(Request() with { Document = null }, TestContext.Current.CancellationToken);

        Assert.Equal((SenderVerdict.DocumentRejected, SenderCheckReason.NoIdentityPresented), Verdict(both));
        Assert.Equal((SenderVerdict.DocumentRejected, SenderCheckReason.NoIdentityPresented), Verdict(neither));
    }

    [Fact]
    public async Task Prohibited_items_and_bad_parcels_are_refused_before_the_sender_check()
    {
        var lookups = _registry.Lookups;
        var explosive = await _intake.AcceptAsync(Request(details: Details(category: "EXPLOSIVE")), TestContext.Current.CancellationToken);
        var heavy = await _intake.AcceptAsync(Request(details: Details(grams: 40_000)), TestContext.Current.CancellationToken);
        var badWaybill = await _intake.AcceptAsync(Request(details: Details() with { WaybillNumber = "SF123" }), TestContext.Current.CancellationToken);
        var badRegion = await _intake.AcceptAsync(Request(details: Details() with { DestinationRegion = "000000" }), TestContext.Current.CancellationToken);

        Assert.Equal(IntakeStatus.ItemProhibited, explosive.Status);
        Assert.Equal(ParcelError.ItemProhibited, explosive.Error?.Reason);
        Assert.Equal(IntakeStatus.ItemProhibited, heavy.Status);
        Assert.Equal(ParcelError.BadWaybill, badWaybill.Error?.Reason);
        Assert.Equal(ParcelError.BadRegion, badRegion.Error?.Reason);
        Assert.Equal(lookups, _registry.Lookups);
    }

    [Fact]
    public async Task A_reused_waybill_number_is_refused_after_the_check()
    {
        var details = Details();
        var first = await _intake.AcceptAsync(Request(details: details), TestContext.Current.CancellationToken);
        var second = await _intake.AcceptAsync(Request(details: details), TestContext.Current.CancellationToken);

        Assert.True(first.IsAccepted);
        Assert.Equal(IntakeStatus.ParcelRejected, second.Status);
        Assert.Equal(ParcelError.DuplicateWaybill, second.Error?.Reason);
    }

    [Fact]
    public async Task The_handheld_reads_the_card_captures_the_face_and_sends_in_process()
    {
        var handheld = new CourierHandheld(new OneCardReader(Card()), new FixedCamera("zhang"), new InProcessIntakeChannel(_intake), "courier-7", "handheld-42");

        var result = await handheld.SendWithCardAsync(Details(), "13812345678", TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess && result.Value.IsAccepted);
        var failing = new CourierHandheld(new OneCardReader(null), new FixedCamera("zhang"), new InProcessIntakeChannel(_intake), "courier-7", "handheld-42");
        Assert.Equal(DocumentReadError.NoDocument, (await failing.SendWithCardAsync(Details(), null, TestContext.Current.CancellationToken)).Error?.Reason);
    }

    [Fact]
    public async Task The_handheld_works_over_HTTP_with_the_JSON_contract()
    {
        var subject = new CredentialSubject { IdNumber = ZhangId, FullName = "张三", Face = TestFaces.Portrait("zhang") };
        _credentials.Answers["QR-OK"] = new CredentialVerification(subject, new CredentialMetadata(), null, "ok");
        using var http = new HttpClient(new IntakeEndpoint(_intake)) { BaseAddress = new Uri("http://postal.test/") };
        var channel = new HttpIntakeChannel(http);
        var card = new CourierHandheld(new OneCardReader(Card()), new FixedCamera("zhang"), channel, "courier-7", "handheld-42");
        var qr = new CourierHandheld(new OneCardReader(null), new FixedCamera("zhang"), channel, "courier-7", "handheld-42");
        var spoofed = new CourierHandheld(new OneCardReader(Card()), new FixedCamera("spoof-zhang"), channel, "courier-7", "handheld-42");

        var byCard = await card.SendWithCardAsync(Details(), "13812345678", TestContext.Current.CancellationToken);
        var byQr = await qr.SendWithCredentialAsync("QR-OK", Details(), null, TestContext.Current.CancellationToken);
        var bySpoof = await spoofed.SendWithCardAsync(Details(), null, TestContext.Current.CancellationToken);

        Assert.True(byCard.IsSuccess && bySpoof.IsSuccess);
        Assert.Equal(IntakeStatus.Accepted, byCard.Value.Status);
        Assert.Equal("张*", byCard.Value.SenderNameMasked);
        Assert.Equal(1, byCard.Value.Receipt!.Sequence);
        Assert.Equal(IntakeStatus.Accepted, byQr.Status);
        Assert.Equal(SenderVerdict.NotLive, bySpoof.Value.Verification!.Verdict);
        Assert.True(float.IsNaN(bySpoof.Value.Verification.FaceScore));
        Assert.Equal(new SenderPii(ZhangId, "张三", "13812345678"), (await _ledger.FindAsync(byCard.Value.WaybillNumber, TestContext.Current.CancellationToken))!.SenderPii);
    }

    private static (SenderVerdict, SenderCheckReason) Verdict(IntakeResult result)
    {
        Assert.Equal(IntakeStatus.SenderRejected, result.Status);
        return (result.Verification!.Verdict, Assert.Single(result.Reasons));
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _keys.Dispose();
        _tokens.Dispose();
    }

    private sealed class OneCardReader(IdentityDocument? card) : IDocumentReader
    {
        public ValueTask<Result<IdentityDocument, Failure<DocumentReadError>>> ReadAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Result<IdentityDocument, Failure<DocumentReadError>>>(card is null
                ? new Failure<DocumentReadError>(DocumentReadError.NoDocument, "no card")
                : card);
    }

    private sealed class FixedCamera(string person) : ISenderCamera
    {
        public ValueTask<EId.Faces.FaceCapture> CaptureAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(person.StartsWith("spoof", StringComparison.Ordinal) ? TestFaces.Spoof(person) : TestFaces.Of(person));
    }

    /// <summary>Plays the host's endpoint: JSON in, <see cref="ParcelIntake"/>, JSON out.</summary>
    private sealed class IntakeEndpoint(ParcelIntake intake) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("/" + PostalJson.IntakePath, request.RequestUri!.AbsolutePath);
            var body = await request.Content!.ReadFromJsonAsync<SenderCheckRequest>(PostalJson.Options, cancellationToken);
            var result = await intake.AcceptAsync(body!, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(result, options: PostalJson.Options) };
        }
    }
}

