using System.Net;
using System.Net.Http.Json;
using EId.Demo;
using EId.Documents;
using EId.Hosting;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Verdicts;
using EId.Postal.Waybills;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EId.Server.Tests;

/// <summary>
/// The patent's S1–S4 over real HTTP on loopback: the handheld sends the card, live frames and parcel to the identity server
/// (S1), which checks the sender and sends its signed verdict with the parcel to the postal server (S2); the postal server
/// checks the verdict and stores the parcel (S3) and answers with its signed ledger receipt, relayed to the handheld (S4).
/// The refusals post verdicts straight to the postal server's verdict route, as a forger or a replaying party would.
/// </summary>
public sealed class ThreeHostCourierTests(ThreeHostFixture hosts) : IClassFixture<ThreeHostFixture>
{
    private static long _serial = Random.Shared.NextInt64(1_000_000, 9_000_000_000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_genuine_senders_parcel_is_accepted_end_to_end_with_a_verifiable_ledger_receipt()
    {
        using var http = Devices.Client(hosts.IdentityAddress, hosts.Keys.Courier);
        var parcel = Parcel();

        var result = (await Handheld(http, 1).SendWithCardAsync(parcel, "13812345678", Ct)).GetValueOrThrow();

        Assert.True(result.Status == IntakeStatus.Accepted, $"{result.Status}: {string.Join(", ", result.Reasons)} {result.VerdictProblem} {string.Join(", ", result.GatewayReasons)}");
        Assert.Equal(VerifierKey, result.Verification?.VerifierId);
        var ledger = hosts.Postal.Services.GetRequiredService<ParcelLedger>();
        var publicKey = hosts.Postal.Services.GetRequiredService<LedgerKeys>().SigningPublicKey!;
        Assert.Null(result.Receipt!.CheckSignature(LedgerKeys.VerifyOnly([publicKey])));
        Assert.True((await ledger.VerifyReceiptAsync(result.Receipt, Ct)).IsValid);
        Assert.True((await ledger.VerifyChainAsync(Ct)).IsIntact);

        // Stored under the regulator-keyed token the identity server computed, with no personal data at the postal server.
        var card = await Devices.ReadCardAsync(hosts.Workspace, 1);
        var stored = await ledger.FindAsync(parcel.WaybillNumber, Ct);
        Assert.NotNull(stored);
        Assert.Equal(hosts.Postal.Services.GetRequiredService<SenderTokenKey>().TokenOf(card.IdNumber), stored.SenderToken);
        Assert.Null(stored.SenderPii);
        Assert.Equal(DemoKeys.CourierDeviceId, stored.DeviceId);
        Assert.StartsWith(card.FullName[..1], result.SenderNameMasked, StringComparison.Ordinal);
        Assert.NotEqual(card.FullName, result.SenderNameMasked);
        AssertNoPersonalDataInLogs(card);
    }

    [Fact]
    public async Task The_handhelds_answer_on_the_wire_carries_no_id_number_or_full_name()
    {
        using var http = Devices.Client(hosts.IdentityAddress, hosts.Keys.Courier);
        var card = await Devices.ReadCardAsync(hosts.Workspace, 1);
        var request = new SenderCheckRequest
        {
            Document = card,
            LiveFace = await new FileCamera(hosts.Workspace.LiveFrames()).CaptureAsync(Ct),
            SenderPhone = "13812345678",
            Parcel = Parcel(),
            CourierId = "courier-7",
            DeviceId = DemoKeys.CourierDeviceId,
        };

        using var response = await http.PostAsJsonAsync(PostalJson.IdentityCheckPath, request, PostalJson.Options, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Accepted\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(card.IdNumber, body, StringComparison.Ordinal);
        Assert.DoesNotContain(card.FullName, body, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_identity_server_says_not_the_holder_the_parcel_is_refused_and_not_recorded()
    {
        using var http = Devices.Client(hosts.IdentityAddress, hosts.Keys.Courier);
        var parcel = Parcel();

        // Citizen 2's card, citizen 1's face (the demo's live frames).
        var result = (await Handheld(http, 2).SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.SenderRejected, result.Status);
        Assert.Equal(SenderVerdict.FaceMismatch, result.Verification?.Verdict);
        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
        AssertNoPersonalDataInLogs(await Devices.ReadCardAsync(hosts.Workspace, 2));
    }

    [Fact]
    public async Task An_unsigned_handheld_is_refused_by_the_identity_server()
    {
        using var http = Devices.Client(hosts.IdentityAddress);
        var parcel = Parcel();

        var result = (await Handheld(http, 1).SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.DeviceRejected, result.Status);
        Assert.Contains(SignedRequestReading.UnsignedCode, result.GatewayReasons);
        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_verdict_signed_by_an_untrusted_key_is_refused()
    {
        var parcel = Parcel();
        using var impostor = new VerdictSigner(VerifierKey, VerdictSigner.GeneratePrivateKey());
        using var unknown = new VerdictSigner("identity-elsewhere", VerdictSigner.GeneratePrivateKey());

        var (status, result) = await PostVerdictAsync(impostor.Sign(Verdict(parcel)), parcel);
        var (_, unknownResult) = await PostVerdictAsync(unknown.Sign(Verdict(parcel)), parcel);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal((IntakeStatus.VerdictRejected, VerdictError.BadSignature), (result.Status, result.VerdictProblem));
        Assert.Equal(VerdictError.UntrustedKey, unknownResult.VerdictProblem);
        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_verdict_for_another_parcel_is_refused()
    {
        var parcel = Parcel();
        using var signer = TrustedSigner();
        var verdict = signer.Sign(Verdict(parcel));

        var (status, other) = await PostVerdictAsync(verdict, Parcel());
        var (_, changed) = await PostVerdictAsync(verdict, parcel with { ItemDescription = "something else" });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(VerdictError.NotBound, other.VerdictProblem);
        Assert.Equal(VerdictError.NotBound, changed.VerdictProblem);
        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task An_expired_or_stale_verdict_is_refused()
    {
        var parcel = Parcel();
        using var signer = TrustedSigner();
        var now = DateTimeOffset.UtcNow;

        var (_, expired) = await PostVerdictAsync(signer.Sign(Verdict(parcel, now.AddMinutes(-3)) with { ExpiresAt = now.AddMinutes(-1) }), parcel);
        var (_, stale) = await PostVerdictAsync(signer.Sign(Verdict(parcel, now.AddMinutes(-30)) with { ExpiresAt = now.AddHours(1) }), parcel);
        var (_, future) = await PostVerdictAsync(signer.Sign(Verdict(parcel, now.AddMinutes(10))), parcel);

        Assert.Equal(VerdictError.Expired, expired.VerdictProblem);
        Assert.Equal(VerdictError.Expired, stale.VerdictProblem);
        Assert.Equal(VerdictError.NotYetValid, future.VerdictProblem);
        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_replayed_identity_server_verdict_is_refused_and_the_verdict_holds_no_id_number_or_name()
    {
        // A real verdict of the identity server for a genuine sender, used once and then sent again.
        var parcel = Parcel();
        var card = await Devices.ReadCardAsync(hosts.Workspace, 1);
        var issuer = hosts.Identity.Services.GetRequiredService<VerdictIssuer>();
        var signed = await issuer.IssueAsync(new SenderCheckRequest
        {
            Document = card,
            LiveFace = await new FileCamera(hosts.Workspace.LiveFrames()).CaptureAsync(Ct),
            Parcel = parcel,
            CourierId = "courier-7",
            DeviceId = DemoKeys.CourierDeviceId,
        }, Ct);
        Assert.True(signed.Verdict.IsVerified, signed.Verdict.ToString());
        var text = System.Text.Encoding.UTF8.GetString(signed.Bytes);
        Assert.DoesNotContain(card.IdNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(card.FullName, text, StringComparison.Ordinal);

        var (firstStatus, first) = await PostVerdictAsync(signed.Bytes, parcel);
        var (againStatus, again) = await PostVerdictAsync(signed.Bytes, parcel);

        Assert.Equal((HttpStatusCode.OK, IntakeStatus.Accepted), (firstStatus, first.Status));
        Assert.Equal((HttpStatusCode.Forbidden, VerdictError.Replayed), (againStatus, again.VerdictProblem));
    }

    [Fact]
    public async Task A_tampered_verdict_is_refused()
    {
        var parcel = Parcel();
        using var signer = TrustedSigner();
        var bytes = signer.Sign(Verdict(parcel, outcome: SenderVerdict.FaceMismatch));

        // Flip bytes across the whole encoding: the outcome, the token, the times, the signature.
        foreach (var at in new[] { 5, bytes.Length / 3, bytes.Length / 2, bytes.Length - 80, bytes.Length - 1 })
        {
            var tampered = bytes.ToArray();
            tampered[at] ^= 0x01;
            var (status, result) = await PostVerdictAsync(tampered, parcel);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal(IntakeStatus.VerdictRejected, result.Status);
        }

        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task An_identity_server_that_cannot_reach_the_postal_server_gives_the_handheld_a_typed_retryable_answer()
    {
        // A second identity server on the same work folder whose postal server address has nothing listening;
        // the registry is still reached at the real postal server.
        var address = new Uri($"http://127.0.0.1:{ServerFixture.FreePort()}/");
        await using var identity = await EId.IdentityServer.IdentityServerApp.CreateAsync(
        [
            "--urls", address.AbsoluteUri.TrimEnd('/'), $"--EId:IdentityServer:WorkFolder={hosts.Workspace.Folder}",
            $"--EId:IdentityServer:PostalServerUrl=http://127.0.0.1:{ServerFixture.FreePort()}/", $"--EId:IdentityServer:RegistryUrl={hosts.PostalAddress}",
            "--EId:IdentityServer:ActiveLiveness=false",
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await identity.StartAsync(Ct);
        using var http = Devices.Client(address, hosts.Keys.Courier);
        var parcel = Parcel();

        var result = (await Handheld(http, 1).SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.PostalUnavailable, result.Status);
        Assert.Equal(parcel.WaybillNumber, result.WaybillNumber);
        Assert.Null(await hosts.Postal.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_malformed_verdict_submission_is_a_400()
    {
        using var http = Devices.Client(hosts.PostalAddress);
        using var content = new StringContent("{\"verdict\":\"AAAA\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(PostalJson.VerdictPath, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private const string VerifierKey = VerdictKeyFile.DemoKeyId;

    private VerdictSigner TrustedSigner() => new(VerifierKey, VerdictKeyFile.LoadOrCreate(hosts.Workspace.KeysFolder));

    private static IdentityVerdict Verdict(ParcelDetails parcel, DateTimeOffset? issuedAt = null, SenderVerdict outcome = SenderVerdict.Verified)
    {
        var at = issuedAt ?? DateTimeOffset.UtcNow;
        return new IdentityVerdict
        {
            VerdictId = Guid.NewGuid().ToString("N"),
            KeyId = VerifierKey,
            Outcome = outcome,
            Reasons = [outcome == SenderVerdict.Verified ? SenderCheckReason.AllChecksPassed : SenderCheckReason.FaceNotMatched],
            SenderToken = outcome == SenderVerdict.Verified ? "token-of-a-test-sender" : null,
            SenderNameMasked = outcome == SenderVerdict.Verified ? "王**" : null,
            WaybillNumber = parcel.WaybillNumber,
            ParcelHash = ParcelBinding.Hash(parcel),
            DeviceId = DemoKeys.CourierDeviceId,
            CourierId = "courier-7",
            IssuedAt = at,
            ExpiresAt = at.AddMinutes(2),
        };
    }

    private async Task<(HttpStatusCode Status, IntakeResult Result)> PostVerdictAsync(byte[] verdict, ParcelDetails parcel)
    {
        using var http = Devices.Client(hosts.PostalAddress);
        using var response = await http.PostAsJsonAsync(PostalJson.VerdictPath, new VerdictSubmission { Verdict = verdict, Parcel = parcel }, PostalJson.Options, Ct);
        var result = await response.Content.ReadFromJsonAsync<IntakeResult>(PostalJson.Options, Ct);
        return (response.StatusCode, result!);
    }

    private void AssertNoPersonalDataInLogs(IdentityDocument card)
    {
        Assert.NotEmpty(hosts.Logs.Lines);
        Assert.DoesNotContain(hosts.Logs.Lines, l => l.Contains(card.IdNumber, StringComparison.Ordinal) || l.Contains(card.FullName, StringComparison.Ordinal));
    }

    private CourierHandheld Handheld(HttpClient http, int citizen)
    {
        var reader = hosts.Workspace.AddCardReader(new ServiceCollection(), citizen).BuildServiceProvider().GetRequiredService<IDocumentReader>();
        return new CourierHandheld(reader, new FileCamera(hosts.Workspace.LiveFrames()), HttpIntakeChannel.ToIdentityServer(http), "courier-7", DemoKeys.CourierDeviceId);
    }

    private static ParcelDetails Parcel() => new()
    {
        WaybillNumber = WaybillNumber.Create("EI", Interlocked.Increment(ref _serial)).Value,
        ItemCategory = "DOC",
        ItemDescription = "contract papers",
        WeightGrams = 350,
        OriginRegion = "110105",
        DestinationRegion = "310104",
    };
}
