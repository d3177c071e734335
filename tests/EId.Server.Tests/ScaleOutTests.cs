using EId.Demo;
using EId.Testing;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Issuance.Remote;
using EId.Risk;
using EId.Risk.Devices;
using EId.Risk.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Server.Tests;

/// <summary>
/// Two EId.Server instances on one PostgreSQL database of their own (<c>--EId:Storage:Backend=Postgres</c>), as behind a load
/// balancer, over one demo work folder (keys, card files, frames). Only the live frames' citizen (1) can be issued; the
/// others are refused at the face match, after the gateway has counted them.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    /// <summary>Requests per citizen per hour, counted across both instances (citizen 1 is asked at most this often by the other tests).</summary>
    public const int SubjectLimit = 5;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-scale-out-" + Guid.NewGuid().ToString("N")[..8]);
    private ThrowawayDatabase? _database;

    public DemoWorkspace Workspace { get; private set; } = null!;

    public DemoKeys Keys { get; private set; } = null!;

    public WebApplication? First { get; private set; }

    public WebApplication? Second { get; private set; }

    public Uri FirstAddress { get; private set; } = null!;

    public Uri SecondAddress { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync("eid_scale_", Ct);
        var shared = _database.ConnectionString;
        Workspace = new DemoWorkspace(_folder);
        Workspace.CopySamplesFrom(Path.Combine(SharedData.RepoRoot, ".cache", "face-api"));
        Keys = DemoKeys.LoadOrCreate(Workspace.KeysFolder);
        string[] args =
        [
            "--EId:Server:ActiveLiveness=false",
            "--EId:Storage:Backend=Postgres",
            $"--EId:Storage:PostgresConnectionString={shared}",
            "--EId:Risk:VelocityRules:0:Scope=Subject",
            $"--EId:Risk:VelocityRules:0:Limit={SubjectLimit}",
            "--EId:Risk:VelocityRules:0:Window=01:00:00",
            $"--EId:Risk:VelocityRules:0:Action={DemoKeys.IssueCapability}",
        ];

        // Started one after the other, as a rolling deployment would: the second finds the schema and the citizens in place.
        (First, FirstAddress) = await ServerFixture.StartAsync(Workspace, args);
        (Second, SecondAddress) = await ServerFixture.StartAsync(Workspace, args);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { First, Second })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        Keys?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temp folder is left for the OS to clean.
        }
    }
}

/// <summary>
/// The pair of <see cref="ScaleOutFixture"/> behaves as one server: every piece of front-system state (nonces, velocity counts,
/// the issuance journal, devices, risk events, the registry) is shared through PostgreSQL.
/// </summary>
public sealed class ScaleOutTests(ScaleOutFixture pair) : IClassFixture<ScaleOutFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Both_instances_keep_their_state_in_postgres_not_in_process()
    {
        foreach (var app in new[] { pair.First!, pair.Second! })
        {
            Assert.IsType<EId.Risk.Store.PostgresRiskStore>(app.Services.GetRequiredService<IRiskStore>());
            Assert.IsType<PostgresDeviceRegistry>(app.Services.GetRequiredService<IDeviceRegistry>());
            Assert.IsType<EId.Risk.Replay.PostgresReplayCache>(app.Services.GetRequiredService<EId.Risk.Replay.IReplayCache>());
            Assert.IsType<PostgresVelocityCounter>(app.Services.GetRequiredService<IVelocityCounter>());
            Assert.IsType<EId.Issuance.Journal.PostgresIssuanceJournal>(app.Services.GetRequiredService<EId.Issuance.Journal.IIssuanceJournal>());
            Assert.IsType<EId.Registry.Storage.PostgresIdentityRegistry>(app.Services.GetRequiredService<EId.Registry.Storage.IIdentityRegistryAdmin>());
            Assert.IsType<EId.Registry.Channel.PostgresChannelReplayStore>(app.Services.GetRequiredService<EId.Registry.Channel.IChannelReplayStore>());
        }

        Assert.False(File.Exists(pair.Workspace.RiskDatabase));
        Assert.False(File.Exists(pair.Workspace.RegistryDatabase));
        Assert.False(File.Exists(pair.Workspace.JournalDatabase));
    }

    [Fact]
    public async Task A_device_request_replayed_to_the_other_instance_is_refused()
    {
        var body = IssuanceJson.SerializeRequest(await RequestAsync(1));

        var (firstStatus, first) = await PostAsync(pair.FirstAddress, body);
        var (replayStatus, replay) = await PostAsync(pair.SecondAddress, body);

        Assert.Equal(System.Net.HttpStatusCode.OK, firstStatus);
        Assert.True(first.IsIssued, first.ToString());
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, replayStatus);
        Assert.Equal(IssuanceStep.Gateway, replay.Refusal!.Step);
        Assert.True(replay.Refusal.Has(RiskReasonCode.NonceReplayed), replay.Refusal.ToString());
    }

    [Fact]
    public async Task Velocity_limits_count_requests_on_both_instances()
    {
        var outcomes = new List<IssuanceOutcome>();
        for (var i = 0; i <= ScaleOutFixture.SubjectLimit; i++)
        {
            outcomes.Add(await IssueAsync(i % 2 == 0 ? pair.FirstAddress : pair.SecondAddress, await RequestAsync(2)));
        }

        // Citizen 2 is not the live frames' face: each request passes the gateway (and is counted), then fails the face match.
        Assert.All(outcomes.Take(ScaleOutFixture.SubjectLimit), o => Assert.Equal(IssuanceStep.FaceMatch, o.Refusal!.Step));
        var over = outcomes[^1];
        Assert.Equal(IssuanceStep.Gateway, over.Refusal!.Step);
        Assert.True(over.Refusal.Has(RiskReasonCode.VelocityExceeded), over.Refusal.ToString());

        // The refusal is in the shared risk store, whichever instance is asked.
        var denied = await pair.First!.Services.GetRequiredService<IRiskStore>().QueryAsync(new RiskEventQuery { DeviceId = DemoKeys.KioskDeviceId, Decision = RiskDecision.Deny }, Ct);
        Assert.Contains(denied, e => e.Reasons.Any(r => r.Code == RiskReasonCode.VelocityExceeded));
    }

    [Fact]
    public async Task One_request_id_sent_to_both_instances_is_issued_once()
    {
        var requestId = Guid.NewGuid().ToString("N");
        var toFirst = RequestAsync(1, requestId);
        var toSecond = RequestAsync(1, requestId);
        var both = await Task.WhenAll(IssueAsync(pair.FirstAddress, await toFirst), IssueAsync(pair.SecondAddress, await toSecond));

        // One instance decides; the other answers from the journal or says it is being decided (retryable), never a second credential.
        var issued = Assert.Single(both, o => o.IsIssued && !o.FromJournal);
        var other = Assert.Single(both, o => !ReferenceEquals(o, issued));
        if (other.IsIssued)
        {
            Assert.True(other.FromJournal);
            Assert.Equal(issued.Credential!.Metadata.Serial, other.Credential!.Metadata.Serial);
        }
        else
        {
            Assert.True(other.Refusal!.Has(IssuanceReasonCodes.InProgress), other.Refusal.ToString());
            Assert.True(other.Refusal.Retryable);
        }

        // A later retry on either instance gets the same credential from the journal.
        var retry = await IssueAsync(pair.SecondAddress, await RequestAsync(1, requestId));
        Assert.True(retry.IsIssued && retry.FromJournal, retry.ToString());
        Assert.Equal(issued.Credential!.Metadata.Serial, retry.Credential!.Metadata.Serial);
        var document = await Devices.ReadCardAsync(pair.Workspace, 1);
        var recorded = await pair.Second!.Services.GetRequiredService<EId.Registry.Storage.IIdentityRegistryAdmin>().GetIssuancesAsync(document.IdNumber, Ct);
        Assert.Single(recorded, r => r.RequestId == requestId);
    }

    [Fact]
    public async Task An_active_liveness_challenge_issued_by_one_instance_is_redeemed_once_on_the_other()
    {
        Assert.IsType<EId.Risk.Replay.PostgresLivenessChallengeStore>(pair.First!.Services.GetRequiredService<EId.Faces.ILivenessChallengeStore>());
        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var challenge = await pair.First.Services.GetRequiredService<EId.Biometrics.Liveness.ChallengeIssuer>().IssueAsync(nonce, Ct);

        var redeemed = await pair.Second!.Services.GetRequiredService<EId.Biometrics.Liveness.ChallengeIssuer>().TryRedeemAsync(challenge.Id, Ct);
        Assert.NotNull(redeemed);
        Assert.Equal(challenge.Steps, redeemed.Steps);
        Assert.Equal(challenge.ExpiresAt.ToUnixTimeMilliseconds(), redeemed.ExpiresAt.ToUnixTimeMilliseconds());

        // Once only, on either instance.
        Assert.Null(await pair.First.Services.GetRequiredService<EId.Biometrics.Liveness.ChallengeIssuer>().TryRedeemAsync(challenge.Id, Ct));
        Assert.Null(await pair.Second.Services.GetRequiredService<EId.Biometrics.Liveness.ChallengeIssuer>().TryRedeemAsync(challenge.Id, Ct));
    }

    [Fact]
    public async Task A_device_revoked_through_one_instance_is_refused_by_the_other()
    {
        using var key = DeviceKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = pair.Keys.Authority.Issue("kiosk-scale-02", key.PublicKey, DemoKeys.SiteId, now.AddMinutes(-1), now.AddDays(1), [DemoKeys.IssueCapability]);
        using var device = new DeviceCredential(key, certificate.Encoded);
        await pair.First!.Services.GetRequiredService<IDeviceRegistry>().EnrollAsync(certificate.ToDeviceRecord(), Ct);

        var before = await IssueAsync(pair.SecondAddress, await RequestAsync(1, device: device));
        Assert.True(before.IsIssued, before.ToString());

        Assert.True(await pair.First.Services.GetRequiredService<IDeviceRegistry>().SetStatusAsync("kiosk-scale-02", DeviceStatus.Revoked, Ct));

        var after = await IssueAsync(pair.SecondAddress, await RequestAsync(1, device: device));
        Assert.False(after.IsIssued);
        Assert.Equal(IssuanceStep.Gateway, after.Refusal!.Step);
        Assert.True(after.Refusal.Has(RiskReasonCode.DeviceRevoked), after.Refusal.ToString());
    }

    /// <summary>A kiosk request for citizen <paramref name="citizen"/>, signed by the demo kiosk or <paramref name="device"/>.</summary>
    private async Task<IssuanceRequest> RequestAsync(int citizen, string? requestId = null, DeviceCredential? device = null)
    {
        var document = await Devices.ReadCardAsync(pair.Workspace, citizen);
        var frames = await new FileCamera(pair.Workspace.LiveFrames()).CaptureAsync(Ct);
        requestId ??= Guid.NewGuid().ToString("N");
        if (device is null)
        {
            return pair.Keys.KioskRequest(requestId, document, frames);
        }

        var body = IssuanceRequestBinding.CreateBody(requestId, document, frames);
        return new IssuanceRequest(requestId, document, frames, device.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body));
    }

    private static async Task<IssuanceOutcome> IssueAsync(Uri address, IssuanceRequest request)
    {
        using var http = Devices.Client(address);
        return await new HttpIssuer(http).IssueAsync(request, cancellationToken: Ct);
    }

    private static async Task<(System.Net.HttpStatusCode Status, IssuanceOutcome Outcome)> PostAsync(Uri address, byte[] body)
    {
        using var http = Devices.Client(address);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(IssuanceJson.ContentType);
        using var response = await http.PostAsync(IssuanceEndpoint.Path.TrimStart('/'), content, Ct);
        var outcome = IssuanceJson.DeserializeOutcome(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.NotNull(outcome);
        return (response.StatusCode, outcome);
    }
}
