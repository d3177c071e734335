using System.Net;
using System.Net.Http.Json;
using EId.Demo;
using EId.Issuance.Remote;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Waybills;
using EId.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Server.Tests;

/// <summary>The courier flow over real HTTP: a signed handheld hands in parcels; the postal server records them.</summary>
[Collection(ServerCollection.Name)]
public sealed class CourierOverHttpTests(ServerFixture server)
{
    private static long _serial = Random.Shared.NextInt64(1_000_000, 9_000_000_000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_handheld_with_the_senders_card_gets_the_parcel_recorded_with_a_masked_sender()
    {
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        var handheld = Handheld(http, 1);
        var parcel = Parcel();

        var sent = await handheld.SendWithCardAsync(parcel, "13812345678", Ct);

        var result = sent.GetValueOrThrow();
        Assert.Equal(IntakeStatus.Accepted, result.Status);
        Assert.NotNull(result.Receipt);
        Assert.Equal("13*******78".Length, result.SenderPhoneMasked?.Length);
        var card = await Devices.ReadCardAsync(server.Workspace, 1);
        Assert.NotEqual(card.FullName, result.SenderNameMasked);
        Assert.StartsWith(card.FullName[..1], result.SenderNameMasked, StringComparison.Ordinal);

        // The postal server's ledger holds it, the chain verifies, and the waybill shows no real name or ID number.
        var ledger = server.App.Services.GetRequiredService<ParcelLedger>();
        var stored = await ledger.FindPublicAsync(parcel.WaybillNumber, Ct);
        Assert.NotNull(stored);
        Assert.True((await ledger.VerifyChainAsync(Ct)).IsIntact);

        // The handheld's receipt came over the wire signed by the postal server and proves the stored entry.
        var publicKey = server.App.Services.GetRequiredService<LedgerKeys>().SigningPublicKey!;
        Assert.Null(result.Receipt.CheckSignature(LedgerKeys.VerifyOnly([publicKey])));
        Assert.True((await ledger.VerifyReceiptAsync(result.Receipt, Ct)).IsValid);
        var waybill = WaybillRenderer.RenderText(stored);
        Assert.DoesNotContain(card.FullName, waybill, StringComparison.Ordinal);
        Assert.DoesNotContain(card.IdNumber, waybill, StringComparison.Ordinal);
        Assert.Contains(parcel.WaybillNumber, waybill, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_handheld_is_refused_with_a_typed_answer_and_nothing_is_recorded()
    {
        using var http = Devices.Client(server.Address);
        var parcel = Parcel();

        var result = (await Handheld(http, 1).SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.DeviceRejected, result.Status);
        Assert.Contains("request.unsigned", result.GatewayReasons);
        Assert.Null(await server.App.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_kiosk_key_cannot_hand_in_parcels()
    {
        using var http = Devices.Client(server.Address, server.Keys.Kiosk);

        var result = (await Handheld(http, 1).SendWithCardAsync(Parcel(), null, Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.DeviceRejected, result.Status);
        Assert.NotEmpty(result.GatewayReasons);
    }

    [Fact]
    public async Task A_handheld_cannot_claim_another_device_id_in_the_body()
    {
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        var request = new SenderCheckRequest
        {
            Document = await Devices.ReadCardAsync(server.Workspace, 1),
            LiveFace = await new FileCamera(server.Workspace.LiveFrames()).CaptureAsync(Ct),
            Parcel = Parcel(),
            CourierId = "courier-7",
            DeviceId = "someone-elses-handheld",
        };

        using var response = await http.PostAsJsonAsync(PostalJson.IntakePath, request, PostalJson.Options, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<IntakeResult>(PostalJson.Options, Ct);
        Assert.Equal(IntakeStatus.DeviceRejected, result?.Status);
        Assert.Contains("request.device_mismatch", result!.GatewayReasons);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"parcel\":null,\"liveFace\":null,\"courierId\":\"c\",\"deviceId\":\"handheld-demo-01\"}")]
    [InlineData("not json")]
    public async Task A_malformed_intake_body_from_a_signed_handheld_is_a_400_not_a_crash(string body)
    {
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(PostalJson.IntakePath, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task An_intake_body_not_sent_as_json_is_a_415_and_nothing_is_recorded(string? mediaType)
    {
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        var parcel = Parcel();
        var request = new SenderCheckRequest
        {
            Parcel = parcel,
            LiveFace = await new FileCamera(server.Workspace.LiveFrames()).CaptureAsync(Ct),
            CourierId = "courier-7",
            DeviceId = DemoKeys.CourierDeviceId,
            Document = await Devices.ReadCardAsync(server.Workspace, 1),
        };
        using var content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, PostalJson.Options));
        content.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);

        using var response = await http.PostAsync(PostalJson.IntakePath, content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Null(await server.App.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_sender_with_someone_elses_card_is_rejected_and_not_recorded()
    {
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        var parcel = Parcel();

        // Citizen 2's card, citizen 1's face (the demo's live frames).
        var result = (await Handheld(http, 2).SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.SenderRejected, result.Status);
        Assert.Equal(SenderVerdict.FaceMismatch, result.Verification?.Verdict);
        Assert.Null(await server.App.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task A_sender_may_show_an_eid_qr_issued_by_the_kiosk_instead_of_a_card()
    {
        using var kiosk = Devices.Client(server.Address);
        var issued = await new HttpIssuer(kiosk).IssueAsync(await Devices.KioskRequestAsync(server, 1), cancellationToken: Ct);
        Assert.True(issued.IsIssued, issued.ToString());
        using var http = Devices.Client(server.Address, server.Keys.Courier);

        var result = await Handheld(http, 1).SendWithCredentialAsync(issued.Credential.QrText, Parcel(), null, Ct);

        Assert.True(result.Status == IntakeStatus.Accepted, $"{result.Status}: {string.Join(", ", result.Reasons)} {result.Verification}");
        Assert.Equal("eid-qr", result.Verification?.Method);
    }

    private CourierHandheld Handheld(HttpClient http, int citizen)
    {
        var reader = server.Workspace.AddCardReader(new ServiceCollection(), citizen).BuildServiceProvider().GetRequiredService<IDocumentReader>();
        return new CourierHandheld(reader, new FileCamera(server.Workspace.LiveFrames()), new HttpIntakeChannel(http), "courier-7", DemoKeys.CourierDeviceId);
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
