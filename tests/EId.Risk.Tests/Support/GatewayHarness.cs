using EId.Privacy;
using EId.Risk.Devices;
using EId.Risk.Gateway;
using EId.Risk.Replay;
using EId.Risk.Store;
using Microsoft.Extensions.Time.Testing;

namespace EId.Risk.Tests.Support;

/// <summary>Real components wired together: an enrolment authority, an enrolled kiosk, a registry, a replay cache, a store.</summary>
internal sealed class GatewayHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public const string IssueAction = "issue-eid";

    private GatewayHarness(Func<TimeProvider, IReplayCache>? replay)
    {
        Time = new FakeTimeProvider(Start);
        Registry = new InMemoryDeviceRegistry(Time);
        Replay = replay?.Invoke(Time) ?? new InMemoryReplayCache(Time);
        Verifier = new DeviceCertificateVerifier([Authority.PublicKey]);
        Authenticator = new RequestAuthenticator(Verifier, Registry, Replay, Time, TimeSpan.FromMinutes(2));
    }

    public FakeTimeProvider Time { get; }

    public DeviceEnrolment Authority { get; } = DeviceEnrolment.CreateNew();

    public InMemoryDeviceRegistry Registry { get; }

    public IReplayCache Replay { get; }

    public DeviceCertificateVerifier Verifier { get; }

    public RequestAuthenticator Authenticator { get; }

    public InMemoryRiskStore Store { get; } = new();

    public SubjectPseudonym Pseudonym { get; } = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public DeviceCredential Kiosk { get; private set; } = null!;

    public static async Task<GatewayHarness> CreateAsync(Func<TimeProvider, IReplayCache>? replay = null)
    {
        var harness = new GatewayHarness(replay);
        harness.Kiosk = await harness.EnrollAsync("kiosk-001", "site-bj-01", [IssueAction]);
        return harness;
    }

    public async Task<DeviceCredential> EnrollAsync(string deviceId, string siteId, string[] capabilities, DateTimeOffset? validUntil = null)
    {
        var key = DeviceKey.Generate();
        var certificate = Authority.Issue(deviceId, key.PublicKey, siteId, Start.AddDays(-30), validUntil ?? Start.AddYears(1), capabilities);
        await Registry.EnrollAsync(certificate.ToDeviceRecord());
        return new DeviceCredential(key, certificate.Encoded, Time);
    }

    public SecurityGateway Gateway(IEnumerable<IRiskPolicy>? policies = null, SecurityGatewaySettings? settings = null, Microsoft.Extensions.Logging.ILogger<SecurityGateway>? logger = null) =>
        new(Authenticator, policies ?? [], Store, Pseudonym, Time, settings, logger);

    public SignedRequest SignIssue(string body = """{"card":"read"}""") =>
        Kiosk.Sign("POST", "/v1/eid/issue", System.Text.Encoding.UTF8.GetBytes(body));

    public void Dispose()
    {
        Authority.Dispose();
        Kiosk.Dispose();
        Pseudonym.Dispose();
        (Replay as IDisposable)?.Dispose();
    }
}
