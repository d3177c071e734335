using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EId.Issuance.Journal;

/// <summary>
/// Seals journaled outcomes at rest: an issued outcome holds the subject's ID number, name and face, which must not
/// sit in plain text in a cache file. ChaCha20-Poly1305 under the journal key, a random nonce per row, the row's
/// request key as associated data (a sealed outcome cannot be moved to another request). Text form:
/// <c>s1.</c> + base64url(nonce ‖ ciphertext ‖ tag).
/// </summary>
internal static class OutcomeSeal
{
    public const int KeySize = 32;
    private const string Prefix = "s1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string Seal(ReadOnlySpan<byte> key, string requestKey, ReadOnlySpan<byte> plaintext)
    {
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(requestKey));
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The plaintext, or null when the text is not a seal made with this key for this request key.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> key, string requestKey, string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aead = new ChaCha20Poly1305(key);
            aead.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(requestKey));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
