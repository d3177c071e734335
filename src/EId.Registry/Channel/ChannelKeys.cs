using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>Parsing of the base64 keys that options and key files hold.</summary>
public static class ChannelKeys
{
    /// <summary>Size in bytes of X25519 public and private keys.</summary>
    public const int KeySize = 32;

    /// <summary>True when <paramref name="value"/> is base64 of exactly 32 bytes (for option validation).</summary>
    public static bool IsBase64Key(string? value) => TryDecodeBase64Key(value) is { } bytes && Wipe(bytes);

    /// <summary>Parses a pinned base64 X25519 public key.</summary>
    /// <returns>The raw 32 bytes, or null when the text is not base64 of 32 bytes.</returns>
    public static byte[]? TryParsePublicKey(string? base64)
    {
        var bytes = TryDecodeBase64Key(base64);
        return bytes is not null && PublicKey.TryImport(KeyAgreementAlgorithm.X25519, bytes, KeyBlobFormat.RawPublicKey, out _) ? bytes : null;
    }

    internal static byte[]? TryDecodeBase64Key(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var buffer = new byte[KeySize + 3];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var written) || written != KeySize)
        {
            Array.Clear(buffer);
            return null;
        }

        return buffer.AsSpan(0, KeySize).ToArray();
    }

    private static bool Wipe(byte[] bytes)
    {
        Array.Clear(bytes);
        return true;
    }
}
