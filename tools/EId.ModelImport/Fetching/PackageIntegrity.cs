using System.Security.Cryptography;

namespace EId.ModelImport.Fetching;

/// <summary>Subresource-integrity (<c>sha512-base64</c>) values, as npm reports them.</summary>
public static class PackageIntegrity
{
    /// <summary>The <c>sha512-…</c> integrity of <paramref name="path"/>.</summary>
    public static string Sha512Of(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
    }

    /// <summary>True when <paramref name="path"/> exists and has integrity <paramref name="expected"/>.</summary>
    public static bool Matches(string path, string expected) =>
        File.Exists(path) && string.Equals(Sha512Of(path), expected, StringComparison.Ordinal);

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
