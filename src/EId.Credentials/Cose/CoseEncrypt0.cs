using System.Formats.Cbor;
using System.Security.Cryptography;

namespace EId.Credentials.Cose;

/// <summary>
/// COSE_Encrypt0 (RFC 9052 §5.2) with AES-GCM: an optional privacy wrapper around the signed
/// COSE_Sign1 so that only holders of the symmetric key can read the identity (e.g. the face).
/// </summary>
public static class CoseEncrypt0
{
    /// <summary>COSE_Encrypt0 CBOR tag.</summary>
    public const ulong Tag = 16;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>True when <paramref name="encoded"/> starts with tag 16 (optionally inside tag 61).</summary>
    public static bool LooksLikeEncrypt0(ReadOnlySpan<byte> encoded) =>
        encoded.Length > 0 && (encoded[0] == 0xD0 || (encoded.Length > 2 && encoded[0] == 0xD8 && encoded[1] == 0x3D && encoded[2] == 0xD0));

    /// <summary>Encrypts <paramref name="plaintext"/> with AES-256-GCM under a random 96-bit IV.</summary>
    /// <param name="plaintext">Usually an encoded COSE_Sign1.</param>
    /// <param name="key">A 32-byte key.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("A256GCM needs a 32-byte key.", nameof(key));
        }

        var headerWriter = new CborWriter(CborConformanceMode.Lax);
        headerWriter.WriteStartMap(1);
        headerWriter.WriteInt32(1);
        headerWriter.WriteInt32((int)CoseAlgorithm.A256Gcm);
        headerWriter.WriteEndMap();
        var protectedHeader = headerWriter.Encode();

        var iv = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(iv, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), BuildAad(protectedHeader));
        }

        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)Tag);
        writer.WriteStartArray(3);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(1);
        writer.WriteInt32(5);
        writer.WriteByteString(iv);
        writer.WriteEndMap();
        writer.WriteByteString(output);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Decrypts a COSE_Encrypt0 message with the first key that authenticates it. Never throws on bad input.</summary>
    /// <param name="encoded">The message.</param>
    /// <param name="keys">Candidate AES keys (16, 24 or 32 bytes).</param>
    /// <param name="plaintext">The plaintext on success.</param>
    /// <returns>False when the structure is malformed or no key authenticates it.</returns>
    public static bool TryDecrypt(ReadOnlyMemory<byte> encoded, IEnumerable<ReadOnlyMemory<byte>> keys, out byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(keys);
        plaintext = [];
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Lax);
            if (!CoseHeaders.TryReadTags(reader, Tag) || reader.ReadStartArray() != 3)
            {
                return false;
            }

            var protectedBytes = reader.ReadByteString();
            if (!CoseHeaders.TryReadProtected(protectedBytes, out var protectedHeaders))
            {
                return false;
            }

            var unprotected = CoseHeaders.ReadMap(reader);
            var ciphertext = reader.ReadByteString();
            reader.ReadEndArray();
            var iv = protectedHeaders.Iv ?? unprotected.Iv;
            var alg = protectedHeaders.Algorithm ?? unprotected.Algorithm;
            if (reader.BytesRemaining != 0 || iv is not { Length: NonceSize } || ciphertext.Length < TagSize
                || alg is not ((int)CoseAlgorithm.A128Gcm or (int)CoseAlgorithm.A192Gcm or (int)CoseAlgorithm.A256Gcm))
            {
                return false;
            }

            var keyLength = alg switch { 1 => 16, 2 => 24, _ => 32 };
            var aad = BuildAad(protectedBytes);
            var output = new byte[ciphertext.Length - TagSize];
            foreach (var key in keys)
            {
                if (key.Length != keyLength)
                {
                    continue;
                }

                using var aes = new AesGcm(key.Span, TagSize);
                try
                {
                    aes.Decrypt(iv, ciphertext.AsSpan(0, output.Length), ciphertext.AsSpan(output.Length), output, aad);
                    plaintext = output;
                    return true;
                }
                catch (AuthenticationTagMismatchException)
                {
                    // Try the next key.
                }
            }

            return false;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return false;
        }
    }

    private static byte[] BuildAad(ReadOnlySpan<byte> protectedHeader)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartArray(3);
        writer.WriteTextString("Encrypt0");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
