using System.Security.Cryptography;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Risk.Devices;

namespace EId.Kiosk.Demo;

/// <summary>
/// The demo's keys, created on first run under <c>keys/</c> (files 0600): the enrolment authority, the kiosk's device
/// key and certificate, the credential issuer's signing key with its trust list, and the risk pseudonym key.
/// </summary>
internal sealed class KioskKeys : IDisposable
{
    public const string DeviceId = "kiosk-demo-01";
    public const string SiteId = "site-demo";
    public const string IssuerUri = "https://eid.example/kiosk-demo";

    private KioskKeys(DeviceEnrolment authority, DeviceCredential device, byte[] pseudonymKey, string signingKeyPath, string trustListPath, bool created)
    {
        Authority = authority;
        Device = device;
        PseudonymKey = pseudonymKey;
        SigningKeyPath = signingKeyPath;
        TrustListPath = trustListPath;
        Created = created;
    }

    public DeviceEnrolment Authority { get; }

    public DeviceCredential Device { get; }

    public byte[] PseudonymKey { get; }

    public string SigningKeyPath { get; }

    public string TrustListPath { get; }

    public bool Created { get; }

    public static KioskKeys LoadOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        var authorityFile = Path.Combine(folder, "enrolment-authority.key");
        var deviceFile = Path.Combine(folder, "device.key");
        var certificateFile = Path.Combine(folder, "device.cert");
        var pseudonymFile = Path.Combine(folder, "pseudonym.key");
        var signingFile = Path.Combine(folder, "issuer.p8");
        var trustFile = Path.Combine(folder, "trust.json");
        var created = !File.Exists(certificateFile);
        if (created)
        {
            using var authorityKey = DeviceKey.Generate();
            using var deviceKey = DeviceKey.Generate();
            using var issuerKey = IssuerSigningKey.Generate();
            using var authority = new DeviceEnrolment(DeviceKey.Import(authorityKey.ExportPrivateKey()));
            var now = DateTimeOffset.UtcNow;
            var certificate = authority.Issue(DeviceId, deviceKey.PublicKey, SiteId, now.AddMinutes(-5), now.AddYears(1), ["issue-eid"]);
            WriteSecret(authorityFile, Convert.ToBase64String(authorityKey.ExportPrivateKey()));
            WriteSecret(deviceFile, Convert.ToBase64String(deviceKey.ExportPrivateKey()));
            File.WriteAllText(certificateFile, Convert.ToBase64String(certificate.Encoded.Span));
            WriteSecret(pseudonymFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            WriteSecret(signingFile, System.Text.Encoding.ASCII.GetString(issuerKey.ExportPkcs8Pem()));
            File.WriteAllText(trustFile, TrustList.Empty.With(issuerKey.ToTrustedKey(IssuerUri)).ToJson());
        }

        var device = new DeviceCredential(DeviceKey.Import(Convert.FromBase64String(File.ReadAllText(deviceFile))), Convert.FromBase64String(File.ReadAllText(certificateFile)));
        return new KioskKeys(
            new DeviceEnrolment(DeviceKey.Import(Convert.FromBase64String(File.ReadAllText(authorityFile)))),
            device,
            Convert.FromBase64String(File.ReadAllText(pseudonymFile)),
            signingFile,
            trustFile,
            created);
    }

    private static void WriteSecret(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public void Dispose()
    {
        Device.Dispose();
        Authority.Dispose();
        CryptographicOperations.ZeroMemory(PseudonymKey);
    }
}
