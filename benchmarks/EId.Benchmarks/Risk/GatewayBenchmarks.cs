using BenchmarkDotNet.Attributes;
using EId.Privacy;
using EId.Risk;
using EId.Risk.Devices;
using EId.Risk.Gateway;
using EId.Risk.Policies;
using EId.Risk.Replay;
using EId.Risk.Store;

namespace EId.Benchmarks.Risk;

/// <summary>
/// One security-gateway check per request: certificate (cached after the first), registry lookup,
/// Ed25519 signature verify, nonce registration, then the policies (ID blacklist, velocity per device and
/// per subject, site, opening hours; no face watchlist). Target: ≤ 150 µs on one core.
/// Each invocation uses a request signed ahead of time with its own nonce.
/// </summary>
[MemoryDiagnoser]
public class GatewayBenchmarks
{
    private const int RequestsPerIteration = 2048;

    private readonly DeviceEnrolment _authority = DeviceEnrolment.CreateNew();
    private readonly SubjectPseudonym _pseudonym = new(new byte[32]);
    private DeviceCredential _device = null!;
    private SecurityGateway _gateway = null!;
    private RequestAuthenticator _authenticator = null!;
    private IDisposable[] _owned = [];
    private GatewayRequest[] _requests = [];
    private int _next;
    private string _directory = string.Empty;

    /// <summary>Where the registry and nonces live.</summary>
    [Params("memory", "sqlite")]
    public string Storage { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        using var key = DeviceKey.Generate();
        var now = TimeProvider.System.GetUtcNow();
        var certificate = _authority.Issue("kiosk-bench", key.PublicKey, "site-bench", now.AddDays(-1), now.AddDays(30), ["issue-eid"]);
        _device = new DeviceCredential(DeviceKey.Import(key.ExportPrivateKey()), certificate.Encoded);

        IDeviceRegistry registry;
        IReplayCache replay;
        if (Storage == "sqlite")
        {
            _directory = Directory.CreateTempSubdirectory("eid-bench-").FullName;
            var path = Path.Combine(_directory, "risk.db");
            var sqliteRegistry = new SqliteDeviceRegistry(path);
            var sqliteReplay = new SqliteReplayCache(path);
            _owned = [sqliteRegistry, sqliteReplay];
            (registry, replay) = (sqliteRegistry, sqliteReplay);
        }
        else
        {
            (registry, replay) = (new InMemoryDeviceRegistry(), new InMemoryReplayCache());
        }

        registry.EnrollAsync(certificate.ToDeviceRecord()).AsTask().GetAwaiter().GetResult();
        _authenticator = new RequestAuthenticator(new DeviceCertificateVerifier([_authority.PublicKey]), registry, replay, TimeProvider.System, TimeSpan.FromMinutes(5));
        var blacklist = new IdBlacklist(_pseudonym);
        for (var i = 0; i < 10_000; i++)
        {
            blacklist.Add($"1101011990{i:00000000}");
        }

        IRiskPolicy[] policies =
        [
            new IdBlacklistPolicy(blacklist),
            new VelocityPolicy(
                [
                    new VelocityRule { Scope = VelocityScope.Device, Limit = 1_000_000, Window = TimeSpan.FromSeconds(10) },
                    new VelocityRule { Scope = VelocityScope.Subject, Limit = 1_000_000, Window = TimeSpan.FromSeconds(10) },
                ],
                _pseudonym),
            new SitePolicy(["site-bench"], []),
            new OperatingHoursPolicy(new OperatingHours { From = new TimeOnly(0, 0), Until = new TimeOnly(0, 0) }),
        ];
        _gateway = new SecurityGateway(_authenticator, policies, new InMemoryRiskStore(), _pseudonym, TimeProvider.System);

        // The measured path is the allow path: make sure the set-up really allows.
        SignRequests();
        var probe = _gateway.CheckAsync(_requests[0]).AsTask().GetAwaiter().GetResult();
        if (!probe.IsAllowed)
        {
            throw new InvalidOperationException($"Benchmark set-up refuses requests: {string.Join(", ", probe.Reasons)}");
        }
    }

    [IterationSetup]
    public void SignRequests()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("""{"document":"110101199003074518","frames":3,"liveness":"blink"}""");
        _requests = new GatewayRequest[RequestsPerIteration];
        for (var i = 0; i < _requests.Length; i++)
        {
            _requests[i] = new GatewayRequest(_device.Sign("POST", "/v1/eid/issue", body), "issue-eid") { IdNumber = "110101199003074518" };
        }

        _next = 0;
    }

    /// <summary>The whole gateway check (authentication + policies).</summary>
    [Benchmark]
    [InvocationCount(RequestsPerIteration)]
    public RiskDecision Check()
    {
        var result = _gateway.CheckAsync(_requests[_next++ % RequestsPerIteration]).AsTask().GetAwaiter().GetResult();
        return result.Decision;
    }

    /// <summary>Authentication alone (certificate, registry, signature, nonce).</summary>
    [Benchmark]
    [InvocationCount(RequestsPerIteration)]
    public bool Authenticate() =>
        _authenticator.AuthenticateAsync(_requests[_next++ % RequestsPerIteration].Request).AsTask().GetAwaiter().GetResult().IsSuccess;

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _device.Dispose();
        _authority.Dispose();
        _pseudonym.Dispose();
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
