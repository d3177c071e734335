using System.Security.Cryptography;
using System.Text;

namespace EId.Postal.Ledger;

/// <summary>
/// Per-record encryption of the sender's personal data: a fresh random 256-bit data key per
/// record (ChaCha20-Poly1305), wrapped by the key-encryption key and stored apart from the entry.
/// Destroying the wrapped key (retention expiry) leaves only ciphertext in the hashed entry, so
/// the chain still verifies while the personal data is gone for good.
/// The per-record cipher is the BCL's ChaCha20-Poly1305: importing a fresh key per record into
/// NSec's guarded memory (mmap + mprotect) dominated append time; the bytes are the same
/// (nonce ‖ ciphertext ‖ tag) either way.
/// </summary>
internal static class PiiSeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts <paramref name="pii"/> for <paramref name="waybill"/>; returns nonce ‖ ciphertext and the wrapped data key.</summary>
    public static (byte[] Sealed, byte[] WrappedKey) Seal(SenderPii pii, string waybill, LedgerKeys keys)
    {
        Span<byte> dataKey = stackalloc byte[32];
        RandomNumberGenerator.Fill(dataKey);
        try
        {
            var ad = AssociatedData(waybill);
            var plaintext = Encode(pii);
            var output = new byte[NonceSize + plaintext.Length + TagSize];
            var nonce = output.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using (var cipher = new ChaCha20Poly1305(dataKey))
            {
                cipher.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), ad);
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
        if (sealedPii.Length < NonceSize + TagSize)
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

            var plaintext = new byte[sealedPii.Length - NonceSize - TagSize];
            using var cipher = new ChaCha20Poly1305(dataKey);
            try
            {
                cipher.Decrypt(sealedPii[..NonceSize], sealedPii.Slice(NonceSize, plaintext.Length), sealedPii[^TagSize..], plaintext, ad);
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }

            return Decode(plaintext);
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
