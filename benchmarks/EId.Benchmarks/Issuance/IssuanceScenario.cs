using System.Security.Cryptography;
using EId.Benchmarks.Liveness;
using EId.Biometrics.Pipeline;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Documents;
using EId.Documents.CitizenIds;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Issuance.Issuing;
using EId.Registry;
using EId.Registry.Storage;
using EId.Risk;
using EId.Risk.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EId.Benchmarks.Issuance;

/// <summary>
/// The kiosk demo's in-process set-up on a temporary work folder: the same DI (biometrics, passive liveness, risk with
/// SQLite and recorded allows, SQLite registry, credentials from a PKCS#8 key file and trust list, issuer with a SQLite
/// journal, registry portrait, thumbnail in the credential), one enrolled kiosk, and one synthetic citizen whose registry
/// portrait and two live frames are cut from the face-api sample photos.
/// </summary>
internal sealed class IssuanceScenario : IAsyncDisposable
{
    public const string IssuerUri = "https://eid.example/bench";

    private readonly ServiceProvider _provider;
    private readonly DeviceEnrolment _authority = DeviceEnrolment.CreateNew();

    private readonly TurnPerformance? _performance;

    private IssuanceScenario(string folder, bool passiveLiveness, bool caches, TurnPerformance? performance)
    {
        _performance = performance;
        Folder = folder;
        var keys = Path.Combine(folder, "keys");
        Directory.CreateDirectory(keys);
        var signingKeyPath = Path.Combine(keys, "issuer.p8");
        var trustListPath = Path.Combine(keys, "trust.json");
        using (var issuerKey = IssuerSigningKey.Generate())
        {
            File.WriteAllBytes(signingKeyPath, issuerKey.ExportPkcs8Pem());
            File.WriteAllText(trustListPath, TrustList.Empty.With(issuerKey.ToTrustedKey(IssuerUri)).ToJson());
        }

        var pseudonymKey = RandomNumberGenerator.GetBytes(32);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddEIdBiometrics(o => o.ReferenceCacheCapacity = caches ? o.ReferenceCacheCapacity : 0);
        if (passiveLiveness)
        {
            // Still photos: the passive check alone; with a recorded performance, the shipped policy (challenge + passive).
            services.AddEIdLiveness(o =>
            {
                o.RequireActiveChallenge = performance is not null;
                TurnPerformance.TurnsOnly(o.Active);
            });
        }

        services.AddEIdRisk(o =>
        {
            o.TrustedAuthorityKeys.Add(_authority.PublicKey.ToArray());
            o.PseudonymKey = pseudonymKey;
            o.Storage.SqlitePath = Path.Combine(folder, "risk.db");
            o.RecordAllowed = true;
        });
        services.AddEIdRegistry(o => o.Storage.SqlitePath = Path.Combine(folder, "registry.db"));
        services.AddEIdCredentials(o =>
        {
            o.Issuer.Issuer = IssuerUri;
            o.SigningKeyPath = signingKeyPath;
            o.TrustListPath = trustListPath;
        });
        services.AddEIdIssuance(o =>
        {
            o.AllowWithoutLiveness = !passiveLiveness;
            o.ReferencePortrait = ReferencePortrait.Registry;
            o.CredentialFace = CredentialFace.Thumbnail;
            o.CredentialFaceCacheCapacity = caches ? o.CredentialFaceCacheCapacity : 0;
        }).UseSqlite(Path.Combine(folder, "issuance-journal.db"));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        using var deviceKey = DeviceKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = _authority.Issue("kiosk-bench-01", deviceKey.PublicKey, "site-bench", now.AddMinutes(-5), now.AddDays(1), ["issue-eid"]);
        Device = new DeviceCredential(DeviceKey.Import(deviceKey.ExportPrivateKey()), certificate.Encoded);
    }

    public string Folder { get; }

    public IServiceProvider Services => _provider;

    public DeviceCredential Device { get; }

    public IIssuer Issuer => _provider.GetRequiredService<IIssuer>();

    public IdentityDocument Document { get; private set; } = null!;

    public FaceCapture Capture { get; private set; } = null!;

    /// <summary>How the live frames relate to the portrait (the samples carry no identity labels).</summary>
    public string Provenance { get; private set; } = string.Empty;

    /// <summary>Builds the services, enrols the kiosk and seeds the citizen.</summary>
    /// <param name="passiveLiveness">Register the passive PAD check (the demo's default).</param>
    /// <param name="caches">
    /// Keep the reference-template and credential-face caches on (a returning citizen); off, every request enrols the
    /// portrait and makes the thumbnail, as for a citizen seen for the first time.
    /// </param>
    /// <exception cref="InvalidOperationException">The face-api samples or the models are missing.</exception>
    /// <param name="active">
    /// Run the shipped policy, active challenge included: the citizen is a person of the shared LFW subset and every request
    /// answers a fresh challenge with their recorded head-turn performance (needs ../shared).
    /// </param>
    public static async Task<IssuanceScenario> CreateAsync(bool passiveLiveness = true, bool caches = true, bool active = false)
    {
        var performance = active ? LivenessSamples.Performance() ?? throw new InvalidOperationException("The active scenario needs ../shared (faces/lfw-subset).") : null;
        var scenario = new IssuanceScenario(Directory.CreateTempSubdirectory("eid-bench-issuance-").FullName, passiveLiveness, caches, performance);
        await scenario.SeedAsync().ConfigureAwait(false);
        return scenario;
    }

    /// <summary>A request with a fresh request id, signed now with a fresh nonce (the replay guard accepts it).</summary>
    public IssuanceRequest NewRequest()
    {
        var requestId = Guid.CreateVersion7().ToString("N");
        var capture = _performance is null ? Capture : _performance.Answer(_provider.GetRequiredService<EId.Biometrics.Liveness.ActiveLivenessSession>().Begin(RandomNumberGenerator.GetBytes(16)));
        var body = IssuanceRequestBinding.CreateBody(requestId, Document, capture);
        return new IssuanceRequest(requestId, Document, capture, Device.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body));
    }

    private async Task SeedAsync()
    {
        await _provider.GetRequiredService<IDeviceRegistry>().EnrollAsync(Device.Certificate.ToDeviceRecord()).ConfigureAwait(false);
        var faces = SampleFaces.Prepare(SampleFaces.Find(), _provider.GetRequiredService<FacePipeline>(), _provider.GetRequiredService<IFaceMatcher>());
        Provenance = faces.Provenance;
        var id = CitizenIdNumber.Create("110105", new DateOnly(1972, 6, 12), 101);
        var citizen = new CitizenRecord
        {
            IdNumber = id.Value,
            FullName = "王明远",
            Gender = id.Gender,
            BirthDate = new DateOnly(1972, 6, 12),
            Ethnicity = "汉",
            Address = "北京市朝阳区示例路10号",
            Status = CitizenStatus.Valid,
            Portrait = new DocumentPortrait(_performance?.Portrait ?? faces.Portrait, ImageFormat.Jpeg),
        };
        var written = await _provider.GetRequiredService<IIdentityRegistryAdmin>().UpsertCitizensAsync([citizen]).ConfigureAwait(false);
        if (!written.IsSuccess)
        {
            throw new InvalidOperationException($"Seeding the registry failed: {written.Error}");
        }

        // What the simulated GA 467 reader gives the kiosk: the card's text fields, no decodable photo (WLT).
        Document = new IdentityDocument
        {
            Kind = DocumentKind.ResidentIdCard,
            IdNumber = citizen.IdNumber,
            FullName = citizen.FullName,
            Gender = citizen.Gender,
            BirthDate = citizen.BirthDate,
            Ethnicity = citizen.Ethnicity,
            Address = citizen.Address,
            IssuingAuthority = "示例市公安局",
            ValidFrom = new DateOnly(2020, 1, 1),
            ValidUntil = new DateOnly(2040, 1, 1),
        };
        Capture = new FaceCapture([.. faces.LiveFrames.Select((f, i) => new FaceFrame(f, TimeSpan.FromMilliseconds(i * 200)))]) { StartedAt = DateTimeOffset.UtcNow };
    }

    public async ValueTask DisposeAsync()
    {
        Device.Dispose();
        _authority.Dispose();
        await _provider.DisposeAsync().ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the provider for a moment; the OS cleans the temp folder later.
        }
    }
}
