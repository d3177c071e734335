using System.Runtime.Versioning;
using EId.Postal.Verdicts;

namespace EId.Hosting;

/// <summary>
/// The demo's identity-server verdict key in a file (base64 raw Ed25519 private key, mode 0600), created on first use. The
/// postal server reads only its public half to trust it; a real deployment keeps the key in the identity server's HSM and
/// gives the postal server the public key through configuration (<c>EId:Verdicts:TrustedKeys</c>).
/// </summary>
public static class VerdictKeyFile
{
    /// <summary>The demo key's id.</summary>
    public const string DemoKeyId = "identity-demo-1";

    /// <summary>The file's name inside a keys folder.</summary>
    public const string FileName = "identity-verdict.key";

    /// <summary>Reads the key in <paramref name="keysFolder"/>, creating it when missing.</summary>
    /// <param name="keysFolder">The keys folder.</param>
    /// <returns>The raw private key (32 bytes).</returns>
    /// <exception cref="InvalidDataException">The file exists but holds no 32-byte key.</exception>
    public static byte[] LoadOrCreate(string keysFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keysFolder);
        Directory.CreateDirectory(keysFolder);
        var path = Path.Combine(keysFolder, FileName);
        if (!File.Exists(path))
        {
            var fresh = VerdictSigner.GeneratePrivateKey();
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(fresh));
            if (!OperatingSystem.IsWindows())
            {
                Restrict(temp);
            }

            try
            {
                // Two hosts starting at once: the first file wins, the other reads it.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }

        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return key.Length == 32 ? key : throw new InvalidDataException($"{path} does not hold a 32-byte verdict key.");
    }

    /// <summary>The public key of the key in <paramref name="keysFolder"/> (creating the key when missing), base64.</summary>
    /// <param name="keysFolder">The keys folder.</param>
    /// <returns>The base64 raw public key.</returns>
    public static string PublicKeyOf(string keysFolder)
    {
        using var signer = new VerdictSigner(DemoKeyId, LoadOrCreate(keysFolder));
        return Convert.ToBase64String(signer.PublicKey);
    }

    [UnsupportedOSPlatform("windows")]
    private static void Restrict(string path) => File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
