using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace EId.Postal.Ledger;

/// <summary>
/// Per-record encryption of the sender's personal data: a fresh random 256-bit data key per
/// record (ChaCha20-Poly1305), wrapped by the key-encryption key and stored apart from the entry.
/// Destroying the wrapped key (retention expiry) leaves only ciphertext in the hashed entry, so
/// the chain still verifies while the personal data is gone for good.
/// </summary>
internal static class PiiSeal
{
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;

    /// <summary>Encrypts <paramref name="pii"/> for <paramref name="waybill"/>; returns nonce ‖ ciphertext and the wrapped data key.</summary>
    public static (byte[] Sealed, byte[] WrappedKey) Seal(SenderPii pii, string waybill, LedgerKeys keys)
    {
        Span<byte> dataKey = stackalloc byte[32];
        RandomNumberGenerator.Fill(dataKey);
        try
        {
            var ad = AssociatedData(waybill);
            var plaintext = Encode(pii);
            var output = new byte[Aead.NonceSize + plaintext.Length + Aead.TagSize];
            RandomNumberGenerator.Fill(output.AsSpan(0, Aead.NonceSize));
            using (var key = Key.Import(Aead, dataKey, KeyBlobFormat.RawSymmetricKey))
            {
                Aead.Encrypt(key, output.AsSpan(0, Aead.NonceSize), ad, plaintext, output.AsSpan(Aead.NonceSize));
            }

            CryptographicOperations.ZeroMemory(plaintext);
            return (output, keys.Wrap(dataKey, ad));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Decrypts sealed personal data; null when the key is gone or anything fails to authenticate.</summary>
    public static SenderPii? Unseal(ReadOnlySpan<byte> sealedPii, ReadOnlySpan<byte> wrappedKey, string waybill, LedgerKeys keys)
    {
        if (sealedPii.Length < Aead.NonceSize + Aead.TagSize)
        {
            return null;
        }

        Span<byte> dataKey = stackalloc byte[32];
        try
        {
            var ad = AssociatedData(waybill);
            if (!keys.TryUnwrap(wrappedKey, ad, dataKey))
            {
                return null;
            }

            var plaintext = new byte[sealedPii.Length - Aead.NonceSize - Aead.TagSize];
            using var key = Key.Import(Aead, dataKey, KeyBlobFormat.RawSymmetricKey);
            return Aead.Decrypt(key, sealedPii[..Aead.NonceSize], ad, sealedPii[Aead.NonceSize..], plaintext)
                ? Decode(plaintext)
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    // The waybill binds ciphertext and wrapped key to their record: neither can be moved to another entry.
    private static byte[] AssociatedData(string waybill) => Encoding.UTF8.GetBytes("EId.Postal.Pii.v1|" + waybill);

    private static byte[] Encode(SenderPii pii)
    {
        var writer = new CanonicalWriter(64);
        writer.WriteString(pii.IdNumber);
        writer.WriteString(pii.FullName);
        writer.WriteString(pii.Phone);
        return writer.ToArray();
    }

    private static SenderPii? Decode(ReadOnlySpan<byte> plaintext)
    {
        var reader = new CanonicalReader(plaintext);
        return reader.TryReadString(out var id) && id is not null
            && reader.TryReadString(out var name) && name is not null
            && reader.TryReadString(out var phone) && reader.AtEnd
            ? new SenderPii(id, name, phone)
            : null;
    }
}
