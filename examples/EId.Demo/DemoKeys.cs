using System.Security.Cryptography;
using EId.Documents;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Registry.Channel;
using EId.Risk.Devices;
using EId.Risk.Requests;
using NSec.Cryptography;

namespace EId.Demo;

/// <summary>
/// The demo's keys, created on first run under <c>keys/</c> (secret files 0600): the enrolment authority, the kiosk's
/// and the courier handheld's device keys and certificates, the credential issuer's signing key with its trust list,
/// the risk pseudonym key, the registry channel keys, and the postal server's checkpoint, key-encryption and
/// sender-token keys. A real deployment keeps each in its own system (HSM, device secure element, registry host).
/// </summary>
public sealed class DemoKeys : IDisposable
{
    /// <summary>The kiosk's device id.</summary>
    public const string KioskDeviceId = "kiosk-demo-01";

    /// <summary>The courier handheld's device id.</summary>
    public const string CourierDeviceId = "handheld-demo-01";

    /// <summary>The site both demo devices are enrolled at.</summary>
    public const string SiteId = "site-demo";

    /// <summary>The credential issuer's identifier.</summary>
    public const string IssuerUri = "https://eid.example/kiosk-demo";

    /// <summary>The capability a kiosk needs to ask for an e-ID.</summary>
    public const string IssueCapability = "issue-eid";

    /// <summary>The capability a handheld needs to hand in a parcel.</summary>
    public const string ParcelCapability = "accept-parcel";

    private readonly string _folder;

    private DemoKeys(string folder)
    {
        _folder = folder;
        Authority = new DeviceEnrolment(DeviceKey.Import(ReadSecret("enrolment-authority.key")));
        Kiosk = LoadDevice("device");
        Courier = LoadDevice("courier-device");
        PseudonymKey = ReadSecret("pseudonym.key");
        CheckpointKey = ReadSecret("postal-checkpoint.key");
        KeyEncryptionKey = ReadSecret("postal-kek.key");
        SenderTokenKey = ReadSecret("postal-sender-token.key");
        JournalKey = ReadSecret("journal.key");
        using var checkpoint = Key.Import(SignatureAlgorithm.Ed25519, CheckpointKey, KeyBlobFormat.RawPrivateKey);
        CheckpointPublicKey = checkpoint.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The enrolment authority that certifies device keys.</summary>
    public DeviceEnrolment Authority { get; }

    /// <summary>The kiosk's device credential (capability <see cref="IssueCapability"/>).</summary>
    public DeviceCredential Kiosk { get; }

    /// <summary>The courier handheld's device credential (capability <see cref="ParcelCapability"/>).</summary>
    public DeviceCredential Courier { get; }

    /// <summary>The risk store's pseudonym key.</summary>
    public byte[] PseudonymKey { get; }

    /// <summary>The postal ledger's checkpoint signing key (raw Ed25519 private key).</summary>
    public byte[] CheckpointKey { get; }

    /// <summary>The postal ledger's checkpoint public key (raw).</summary>
    public byte[] CheckpointPublicKey { get; }

    /// <summary>The postal ledger's key-encryption key.</summary>
    public byte[] KeyEncryptionKey { get; }

    /// <summary>The regulator's sender-token key.</summary>
    public byte[] SenderTokenKey { get; }

    /// <summary>The issuer's journal key (seals decided outcomes at rest).</summary>
    public byte[] JournalKey { get; }

    /// <summary>The credential issuer's PKCS#8 PEM signing key file.</summary>
    public string SigningKeyPath => Path.Combine(_folder, "issuer.p8");

    /// <summary>The trust list (JSON) that verifiers use.</summary>
    public string TrustListPath => Path.Combine(_folder, "trust.json");

    /// <summary>The issuer's registry-channel private key file (base64).</summary>
    public string RegistryClientKeyPath => Path.Combine(_folder, "registry-client.key");

    /// <summary>The registry host's channel private key file (base64).</summary>
    public string RegistryServerKeyPath => Path.Combine(_folder, "registry-server.key");

    /// <summary>The issuer's registry-channel public key (base64), pinned by the registry host.</summary>
    public string RegistryClientPublicKey => PublicKeyOf(RegistryClientKeyPath);

    /// <summary>The registry host's public key (base64), pinned by the issuer.</summary>
    public string RegistryServerPublicKey => PublicKeyOf(RegistryServerKeyPath);

    /// <summary>The kiosk's request for <paramref name="document"/> and <paramref name="capture"/>: the binding body, signed by the kiosk key.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="document">The document read.</param>
    /// <param name="capture">The live frames.</param>
    /// <returns>The signed request.</returns>
    public IssuanceRequest KioskRequest(string requestId, IdentityDocument document, FaceCapture capture)
    {
        var body = IssuanceRequestBinding.CreateBody(requestId, document, capture);
        return new IssuanceRequest(requestId, document, capture, Kiosk.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body));
    }

    /// <summary>An HTTP client of <paramref name="baseAddress"/> whose requests <paramref name="device"/> signs (unsigned when null).</summary>
    /// <param name="baseAddress">The server's base address.</param>
    /// <param name="device">The signing device; owned by the caller and kept alive as long as the client.</param>
    /// <returns>The client (60 s timeout).</returns>
    public static HttpClient Client(Uri baseAddress, DeviceCredential? device = null)
    {
        var timeout = TimeSpan.FromSeconds(60);
        return device is null
            ? new HttpClient { BaseAddress = baseAddress, Timeout = timeout }
            : new HttpClient(new DeviceSigningHandler(device) { InnerHandler = new HttpClientHandler() }) { BaseAddress = baseAddress, Timeout = timeout };
    }

    /// <summary>Loads the keys from <paramref name="folder"/>, creating any that are missing.</summary>
    /// <param name="folder">The keys folder.</param>
    /// <returns>The keys.</returns>
    public static DemoKeys LoadOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        var authorityFile = Path.Combine(folder, "enrolment-authority.key");
        if (!File.Exists(authorityFile))
        {
            using var authorityKey = DeviceKey.Generate();
            WriteSecret(authorityFile, Convert.ToBase64String(authorityKey.ExportPrivateKey()));
        }

        using (var authority = new DeviceEnrolment(DeviceKey.Import(Convert.FromBase64String(File.ReadAllText(authorityFile)))))
        {
            CreateDevice(folder, "device", authority, KioskDeviceId, IssueCapability);
            CreateDevice(folder, "courier-device", authority, CourierDeviceId, ParcelCapability);
        }

        foreach (var name in new[] { "pseudonym.key", "postal-kek.key", "postal-sender-token.key", "journal.key" })
        {
            CreateSecret(folder, name, () => RandomNumberGenerator.GetBytes(32));
        }

        CreateSecret(folder, "postal-checkpoint.key", () =>
        {
            using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            return key.Export(KeyBlobFormat.RawPrivateKey);
        });
        foreach (var name in new[] { "registry-client.key", "registry-server.key" })
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                using var pair = ChannelKeyPair.Generate();
                WriteSecret(path, pair.ExportPrivateKeyBase64());
            }
        }

        var signingFile = Path.Combine(folder, "issuer.p8");
        if (!File.Exists(signingFile))
        {
            using var issuerKey = IssuerSigningKey.Generate();
            WriteSecret(signingFile, System.Text.Encoding.ASCII.GetString(issuerKey.ExportPkcs8Pem()));
            File.WriteAllText(Path.Combine(folder, "trust.json"), TrustList.Empty.With(issuerKey.ToTrustedKey(IssuerUri)).ToJson());
        }

        return new DemoKeys(folder);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kiosk.Dispose();
        Courier.Dispose();
        Authority.Dispose();
        CryptographicOperations.ZeroMemory(PseudonymKey);
        CryptographicOperations.ZeroMemory(CheckpointKey);
        CryptographicOperations.ZeroMemory(KeyEncryptionKey);
        CryptographicOperations.ZeroMemory(SenderTokenKey);
        CryptographicOperations.ZeroMemory(JournalKey);
    }

    private static void CreateDevice(string folder, string stem, DeviceEnrolment authority, string deviceId, string capability)
    {
        var certificateFile = Path.Combine(folder, stem + ".cert");
        if (File.Exists(certificateFile))
        {
            return;
        }

        using var deviceKey = DeviceKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = authority.Issue(deviceId, deviceKey.PublicKey, SiteId, now.AddMinutes(-5), now.AddYears(1), [capability]);
        WriteSecret(Path.Combine(folder, stem + ".key"), Convert.ToBase64String(deviceKey.ExportPrivateKey()));
        File.WriteAllText(certificateFile, Convert.ToBase64String(certificate.Encoded.Span));
    }

    private static void CreateSecret(string folder, string name, Func<byte[]> create)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            var bytes = create();
            WriteSecret(path, Convert.ToBase64String(bytes));
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static void WriteSecret(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string PublicKeyOf(string privateKeyFile)
    {
        using var pair = ChannelKeyPair.Load(privateKeyFile) ?? throw new InvalidDataException($"{Path.GetFileName(privateKeyFile)} is not a channel key.");
        return pair.PublicKeyBase64;
    }

    private byte[] ReadSecret(string name) => Convert.FromBase64String(File.ReadAllText(Path.Combine(_folder, name)));

    private DeviceCredential LoadDevice(string stem) =>
        new(DeviceKey.Import(ReadSecret(stem + ".key")), Convert.FromBase64String(File.ReadAllText(Path.Combine(_folder, stem + ".cert"))));
}
