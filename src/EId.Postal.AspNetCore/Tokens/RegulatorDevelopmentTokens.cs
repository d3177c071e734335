using System.Security.Claims;
using System.Security.Cryptography;
using EId.Postal.AspNetCore.RegulatorApi;
using EId.Postal.Regulation;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EId.Postal.AspNetCore.Tokens;

/// <summary>
/// A development stand-in for the officers' identity provider: a local ECDSA P-256 key (created once in a folder, file
/// mode 600) and ES256 tokens signed with it, shaped like an OpenID Connect provider's access tokens (<c>iss</c>, <c>aud</c>,
/// <c>sub</c>, <c>roles</c>, <c>exp</c>). For demos and tests only; production trusts a real provider (<see cref="RegulatorApiOptions.Authority"/>).
/// </summary>
public static class RegulatorDevelopmentTokens
{
    /// <summary>The private key's file name in the development folder.</summary>
    public const string KeyFileName = "signing-key.pem";

    /// <summary>The demo officers written at start: file name stem and roles.</summary>
    public static IReadOnlyList<(string Officer, RegulatorRoles Roles)> DemoOfficers { get; } =
    [
        ("supervisor", RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch | RegulatorRoles.ReadPersonalData | RegulatorRoles.Audit),
        ("analyst", RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch),
    ];

    /// <summary>Loads the development key of <paramref name="folder"/>, creating it on first use.</summary>
    /// <param name="folder">The development token folder.</param>
    /// <returns>The signing key (the caller disposes its <see cref="ECDsaSecurityKey.ECDsa"/>).</returns>
    public static ECDsaSecurityKey LoadOrCreateKey(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, KeyFileName);
        var ecdsa = ECDsa.Create();
        if (File.Exists(path))
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            ecdsa.GenerateKey(ECCurve.NamedCurves.nistP256);
            var pem = ecdsa.ExportPkcs8PrivateKeyPem();
            var temp = path + ".tmp";
            WritePrivate(temp, pem);

            // Two hosts starting at once: the first key written wins, the other reads it.
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp);
                ecdsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        return WithKeyId(ecdsa);
    }

    /// <summary>Mints an ES256 token for an officer.</summary>
    /// <param name="key">The signing key.</param>
    /// <param name="issuer">The <c>iss</c>.</param>
    /// <param name="audience">The <c>aud</c>.</param>
    /// <param name="officerId">The <c>sub</c>.</param>
    /// <param name="roles">The roles (written as a <c>roles</c> array).</param>
    /// <param name="notBefore">Start of validity.</param>
    /// <param name="expires">End of validity.</param>
    /// <returns>The compact JWT.</returns>
    public static string Mint(ECDsaSecurityKey key, string issuer, string audience, string officerId, RegulatorRoles roles, DateTimeOffset notBefore, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(key);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("sub", officerId)]),
            Claims = new Dictionary<string, object> { ["roles"] = RegulatorClaims.NamesOf(roles).ToArray() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Writes one token per <see cref="DemoOfficers"/> entry as <c>officer-{name}.jwt</c> into the folder.</summary>
    /// <param name="folder">The development token folder.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="options">The API options (issuer, audience, lifetime).</param>
    /// <param name="now">The current time.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteDemoTokens(string folder, ECDsaSecurityKey key, RegulatorApiOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = new List<string>();
        foreach (var (officer, roles) in DemoOfficers)
        {
            var path = Path.Combine(folder, $"officer-{officer}.jwt");
            WritePrivate(path, Mint(key, options.Issuer, options.Audience, "demo-" + officer, roles, now, now + options.DevelopmentTokenLifetime) + Environment.NewLine);
            files.Add(path);
        }

        return files;
    }

    /// <summary>Reads a PEM public (or private) key file as a validation key: EC (P-256/P-384/P-521) or RSA.</summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The file holds no EC or RSA key.</exception>
    public static AsymmetricSecurityKey ReadPublicKey(string path)
    {
        var pem = File.ReadAllText(path);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return WithKeyId(ecdsa);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
        }

        // Not an EC key: an RSA one (ImportFromPem throws ArgumentException when it is neither).
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    // Keys and bearer tokens are credentials: readable by the owner only (the mode applies when the file is created).
    private static void WritePrivate(string path, string text)
    {
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, create);
        using var writer = new StreamWriter(file);
        writer.Write(text);
    }

    // A stable key id (hash of the public key), so a token names the key that signed it.
    private static ECDsaSecurityKey WithKeyId(ECDsa ecdsa) =>
        new(ecdsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16] };
}
