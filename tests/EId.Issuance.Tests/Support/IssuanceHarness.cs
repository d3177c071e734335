using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EId.Credentials;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Documents;
using EId.Documents.CitizenIds;
using EId.Documents.IdCards;
using EId.Documents.Simulation;
using EId.Documents.Transport;
using EId.Faces;
using EId.Issuance.Binding;
using EId.Privacy;
using EId.Registry;
using EId.Registry.Channel;
using EId.Registry.Storage;
using EId.Risk;
using EId.Risk.Devices;
using EId.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Issuance.Tests.Support;

/// <summary>
/// The issuer wired with the real packages by DI: SQLite risk store, device registry, replay cache, registry and journal
/// in a temporary folder, the real face pipeline, real Ed25519 keys. One enrolled kiosk signs the requests.
/// </summary>
public sealed class IssuanceHarness : IAsyncDisposable
{
    public const string ObamaReference = "faces/face_recognition/obama/examples__knn_examples__train__obama__obama.jpg";
    public const string ObamaLive = "faces/face_recognition/obama/examples__knn_examples__train__obama__obama2.jpg";
    public const string BidenLive = "faces/face_recognition/biden/examples__knn_examples__train__biden__biden.jpg";

    private readonly DeviceEnrolment _authority = DeviceEnrolment.CreateNew();
    private readonly IssuerSigningKey _issuerKey = IssuerSigningKey.Generate();
    private readonly ServiceProvider _provider;

    private IssuanceHarness(IFaceVerifier? faces, Action<IServiceCollection>? registry, bool allowWithoutLiveness, IEnumerable<string> blacklisted, bool passiveLiveness = false, Action<IServiceCollection>? more = null)
    {
        Folder = Directory.CreateTempSubdirectory("eid-issuance-").FullName;
        var pseudonymKey = RandomNumberGenerator.GetBytes(32);
        using var pseudonym = new SubjectPseudonym(pseudonymKey);
        var services = new ServiceCollection();
        if (faces is null)
        {
            services.AddEIdBiometrics(); // its own pipeline: verifier, PAD check and capture analyzer share one FacePipeline
        }
        else
        {
            services.AddSingleton(faces);
        }

        more?.Invoke(services);
        if (passiveLiveness)
        {
            // The real passive PAD check of EId.Biometrics; the test captures are still photos, which cannot answer a challenge.
            services.AddEIdLiveness(o => o.RequireActiveChallenge = false);
        }

        services.AddEIdRisk(o =>
        {
            o.TrustedAuthorityKeys.Add(_authority.PublicKey.ToArray());
            o.PseudonymKey = pseudonymKey;
            o.Storage.SqlitePath = RiskDatabase;
            foreach (var id in blacklisted)
            {
                o.BlacklistedSubjectKeys.Add(pseudonym.Of(id));
            }
        });
        if (registry is null)
        {
            services.AddEIdRegistry(o => o.Storage.SqlitePath = Path.Combine(Folder, "registry.db"));
        }
        else
        {
            registry(services);
        }

        services.AddSingleton<IIssuerKeyStore>(new InMemoryKeyStore(_issuerKey));
        services.AddSingleton(TrustList.Empty.With(_issuerKey.ToTrustedKey("https://kiosk.test/eid")));
        services.AddEIdCredentials(o => o.Issuer.Issuer = "https://kiosk.test/eid");
        services.AddEIdIssuance(o => o.AllowWithoutLiveness = allowWithoutLiveness).UseSqlite(Path.Combine(Folder, "journal.db"));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var key = DeviceKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = _authority.Issue("kiosk-test-01", key.PublicKey, "site-test", now.AddMinutes(-1), now.AddDays(1), ["issue-eid"]);
        Device = new DeviceCredential(key, certificate.Encoded);
        Services.GetRequiredService<IDeviceRegistry>().EnrollAsync(certificate.ToDeviceRecord()).AsTask().GetAwaiter().GetResult();
    }

    public string Folder { get; }

    public IServiceProvider Services => _provider;

    public DeviceCredential Device { get; }

    public IIssuer Issuer => Services.GetRequiredService<IIssuer>();

    public IRiskStore Risk => Services.GetRequiredService<IRiskStore>();

    public SubjectPseudonym Pseudonym => Services.GetRequiredService<SubjectPseudonym>();

    public IIdentityRegistryAdmin? Admin => Services.GetService<IIdentityRegistryAdmin>();

    /// <summary>The SQLite file of the risk store (events, devices, nonces).</summary>
    public string RiskDatabase => Path.Combine(Folder, "risk.db");

    /// <summary>Destroys the credential issuer's signing key (real NSec key disposal), so signing a credential fails.</summary>
    public void DestroyIssuerKey() => _issuerKey.Dispose();

    public static IssuanceHarness Create(IFaceVerifier faces, bool allowWithoutLiveness = true, params string[] blacklisted) =>
        new(faces, null, allowWithoutLiveness, blacklisted);

    /// <summary>A harness with the real passive liveness check registered (and no demo bypass).</summary>
    /// <summary>A harness like <see cref="Create(IFaceVerifier, bool, string[])"/> with more services (e.g. a meter factory).</summary>
    public static IssuanceHarness Create(IFaceVerifier faces, Action<IServiceCollection> more) =>
        new(faces, null, allowWithoutLiveness: true, [], more: more);

    public static IssuanceHarness WithPassiveLiveness(IFaceVerifier faces) => new(faces, null, allowWithoutLiveness: false, [], passiveLiveness: true);

    /// <summary>
    /// A harness with its own face pipeline (the verifier, the passive PAD check and the issuer's capture analyzer are the
    /// ones <c>AddEIdBiometrics</c>/<c>AddEIdLiveness</c> register, so the per-request analysis is shared), no demo bypass.
    /// </summary>
    public static IssuanceHarness WithOwnPipeline(Action<IServiceCollection>? more = null) =>
        new(null, null, allowWithoutLiveness: false, [], passiveLiveness: true, more);

    /// <summary>A harness whose registry is the sealed client pointed at a loopback port nobody listens on.</summary>
    public static IssuanceHarness WithUnreachableRegistry(IFaceVerifier faces)
    {
        using var client = ChannelKeyPair.Generate();
        using var server = ChannelKeyPair.Generate();
        var clientKey = client.ExportPrivateKeyBase64();
        var serverKey = server.PublicKeyBase64;
        var port = ClosedPort();
        return new(faces, services => services.AddEIdRegistry(o =>
        {
            o.Remote.Enabled = true;
            o.Remote.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            o.Remote.ClientPrivateKey = clientKey;
            o.Remote.ServerPublicKey = serverKey;
            o.Remote.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.Remote.MaxRetries = 1;
            o.Remote.RetryDelay = TimeSpan.FromMilliseconds(20);
        }), allowWithoutLiveness: true, []);
    }

    public static string NewIdNumber(int sequence) =>
        CitizenIdNumber.Create("110105", new DateOnly(1961, 8, 4), sequence).Value;

    /// <summary>Seeds a valid citizen whose registry portrait is <paramref name="portraitFile"/> (shared data).</summary>
    public async Task<CitizenRecord> SeedCitizenAsync(string idNumber, string portraitFile, CitizenStatus status = CitizenStatus.Valid)
    {
        var citizen = new CitizenRecord
        {
            IdNumber = idNumber,
            FullName = "测试公民",
            Gender = Gender.Male,
            BirthDate = new DateOnly(1961, 8, 4),
            Ethnicity = "汉",
            Address = "北京市东城区测试路1号",
            Status = status,
            Portrait = new DocumentPortrait(await File.ReadAllBytesAsync(SharedData.Require(portraitFile)), ImageFormat.Jpeg),
        };
        var written = await Admin!.UpsertCitizensAsync([citizen]);
        Assert.True(written.IsSuccess, written.Error?.Message);
        return citizen;
    }

    /// <summary>Seeds a valid citizen numbered <paramref name="sequence"/> (portrait: the Obama reference) and reads their card.</summary>
    public async Task<(CitizenRecord Citizen, IdentityDocument Card)> SeedWithCardAsync(int sequence)
    {
        var citizen = await SeedCitizenAsync(NewIdNumber(sequence), ObamaReference);
        return (citizen, await ReadCardAsync(citizen));
    }

    /// <summary>Reads the citizen's card through the simulated GA 467 device and the real frame decoder.</summary>
    public static async Task<IdentityDocument> ReadCardAsync(CitizenRecord citizen)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            idNumber = citizen.IdNumber,
            fullName = citizen.FullName,
            gender = (int)citizen.Gender,
            ethnicity = citizen.Ethnicity,
            birthDate = citizen.BirthDate?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            address = citizen.Address,
            issuingAuthority = "北京市公安局东城分局",
        });
        var device = new SimulatedIdCardDevice(SimulatedIdCardDevice.ParseCard(json));
        using var transport = new StreamIdCardTransport(device.OpenStream(), ownsStream: true);
        var read = await new IdCardReader(transport).ReadAsync();
        Assert.True(read.IsSuccess, read.Error?.Message);
        return read.Value;
    }

    public static FaceCapture Capture(params string[] files) =>
        new([.. files.Select((f, i) => new FaceFrame(File.ReadAllBytes(SharedData.Require(f)), TimeSpan.FromMilliseconds(100 * i)))]) { StartedAt = DateTimeOffset.UtcNow };

    /// <summary>A request signed by the harness's kiosk (fresh nonce each call).</summary>
    public IssuanceRequest Sign(string requestId, IdentityDocument document, FaceCapture capture)
    {
        var body = IssuanceRequestBinding.CreateBody(requestId, document, capture);
        return new IssuanceRequest(requestId, document, capture, Device.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body));
    }

    public async Task<IReadOnlyList<RiskEvent>> EventsAsync(string idNumber) =>
        await Risk.QueryAsync(new RiskEventQuery { SubjectKey = Pseudonym.Of(idNumber) });

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        Device.Dispose();
        await _provider.DisposeAsync();
        _authority.Dispose();
        _issuerKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the provider for a moment; the temp folder is cleaned by the OS later.
        }
    }
}
