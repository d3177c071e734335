using System.Net;
using System.Net.Http.Json;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Remote;
using EId.Demo;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Waybills;
using EId.Risk;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Server.Tests;

/// <summary>
/// A server that requires the active challenge: kiosks get unpredictable steps for a signed request and must quote the
/// challenge. No recorded sequence of a person performing steps is available here, so these tests prove the wiring and
/// the refusals: still photos, an unknown challenge and an unsigned request are all refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ActiveChallengeTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_kiosk_gets_a_fresh_challenge_and_still_photos_answering_it_are_refused_at_liveness()
    {
        // The server's defaults: the active challenge is on without being asked for.
        var (app, address) = await ServerFixture.StartAsync(server.Workspace);
        await using var _ = app;
        using var signed = Devices.Client(address, server.Keys.Kiosk);

        var first = await ChallengeAsync(signed);
        var second = await ChallengeAsync(signed);

        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEmpty(first.Steps);
        Assert.True(first.ExpiresAt > first.IssuedAt);
        var request = await Devices.KioskRequestAsync(server, 1, capture: c => c with { ChallengeId = first.Id });
        using var kiosk = Devices.Client(address);
        var outcome = await new HttpIssuer(kiosk).IssueAsync(request, cancellationToken: Ct);
        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Liveness, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.LivenessFailed), outcome.Refusal.ToString());
        Assert.Contains(outcome.Refusal.Reasons, r => r.Detail.Contains("active-challenge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_capture_without_a_challenge_this_server_issued_is_refused()
    {
        var (app, address) = await ServerFixture.StartAsync(server.Workspace, "--EId:Server:ActiveLiveness=true");
        await using var _ = app;
        using var kiosk = Devices.Client(address);

        var outcome = await new HttpIssuer(kiosk).IssueAsync(await Devices.KioskRequestAsync(server, 1, capture: c => c with { ChallengeId = "made-up" }), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Liveness, outcome.Refusal.Step);
        Assert.Contains(outcome.Refusal.Reasons, r => r.Detail.Contains("active-challenge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Challenges_are_only_for_signed_kiosks_and_only_where_enabled()
    {
        var (app, address) = await ServerFixture.StartAsync(server.Workspace, "--EId:Server:ActiveLiveness=true");
        await using var _ = app;
        using var unsigned = Devices.Client(address);
        using var handheld = Devices.Client(address, server.Keys.Courier);
        using var kioskAtDefaultServer = Devices.Client(server.Address, server.Keys.Kiosk);

        Assert.Equal(HttpStatusCode.Unauthorized, (await unsigned.PostAsync(IssuanceEndpoint.ChallengePath.TrimStart('/'), new ByteArrayContent([]), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await handheld.PostAsync(IssuanceEndpoint.ChallengePath.TrimStart('/'), new ByteArrayContent([]), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kioskAtDefaultServer.PostAsync(IssuanceEndpoint.ChallengePath.TrimStart('/'), new ByteArrayContent([]), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_handheld_gets_its_own_challenge_and_a_senders_still_photos_answering_it_are_not_live_and_not_recorded()
    {
        // The server's defaults: intake, like issuance, requires the challenge.
        var (app, address) = await ServerFixture.StartAsync(server.Workspace);
        await using var _ = app;
        var (challenge, status) = await ChallengeClient.RequestAsync(address, server.Keys.Courier, PostalJson.ChallengePath, Ct);
        var (forKiosk, kioskStatus) = await ChallengeClient.RequestAsync(address, server.Keys.Kiosk, PostalJson.ChallengePath, Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(challenge);
        Assert.Null(forKiosk); // the kiosk's certificate has no parcel capability
        Assert.Equal(HttpStatusCode.Forbidden, kioskStatus);

        using var http = Devices.Client(address, server.Keys.Courier);
        var reader = server.Workspace.AddCardReader(new ServiceCollection(), 1).BuildServiceProvider().GetRequiredService<Documents.IDocumentReader>();
        var camera = new ChallengedCamera(new FileCamera(server.Workspace.LiveFrames()), challenge!);
        var handheld = new CourierHandheld(reader, camera, new HttpIntakeChannel(http), "courier-7", DemoKeys.CourierDeviceId);
        var parcel = new ParcelDetails
        {
            WaybillNumber = WaybillNumber.Create("EA", Random.Shared.NextInt64(1, 9_999_999_999)).Value,
            ItemCategory = "DOC",
            WeightGrams = 300,
            OriginRegion = "110105",
            DestinationRegion = "310104",
        };

        var result = (await handheld.SendWithCardAsync(parcel, "13812345678", Ct)).GetValueOrThrow();

        Assert.Equal(IntakeStatus.SenderRejected, result.Status);
        Assert.Equal(SenderVerdict.NotLive, result.Verification!.Verdict);
        Assert.Null(await app.Services.GetRequiredService<ParcelLedger>().FindPublicAsync(parcel.WaybillNumber, Ct));
    }

    [Fact]
    public async Task An_oversized_challenge_request_is_a_413_not_an_unsigned_refusal()
    {
        var (app, address) = await ServerFixture.StartAsync(server.Workspace, "--EId:Server:ActiveLiveness=true");
        await using var _ = app;
        using var signed = Devices.Client(address, server.Keys.Kiosk);

        using var response = await signed.PostAsync(IssuanceEndpoint.ChallengePath.TrimStart('/'), new ByteArrayContent(new byte[8192]), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static async Task<LivenessChallenge> ChallengeAsync(HttpClient signed)
    {
        using var response = await signed.PostAsync(IssuanceEndpoint.ChallengePath.TrimStart('/'), new ByteArrayContent([]), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LivenessChallenge>(IssuanceJson.Options, Ct))!;
    }
}
