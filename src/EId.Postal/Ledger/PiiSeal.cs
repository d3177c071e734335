using System.Buffers.Binary;
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
/// <remarks>
/// Batches draw the randomness of all their records (data key, data nonce, wrap nonce) from the
/// CSPRNG in one call: each call is a system call that cost more than the encryption itself. The
/// bytes are the same CSPRNG output either way; the caller zeroes the buffer after sealing.
/// </remarks>
internal static class PiiSeal
{
    /// <summary>Random bytes one record consumes: data key ‖ data nonce ‖ wrap nonce.</summary>
    public const int RandomBytesPerRecord = DataKeySize + NonceSize + LedgerKeys.WrapNonceSize;

    private const int DataKeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxStackBytes = 1024;
    private static readonly byte[] AssociatedDataPrefix = Encoding.ASCII.GetBytes("EId.Postal.Pii.v1|");

    /// <summary>Encrypts <paramref name="pii"/> for <paramref name="waybill"/> with fresh randomness; returns nonce ‖ ciphertext ‖ tag and the wrapped data key.</summary>
    public static (byte[] Sealed, byte[] WrappedKey) Seal(SenderPii pii, string waybill, LedgerKeys keys)
    {
        Span<byte> random = stackalloc byte[RandomBytesPerRecord];
        RandomNumberGenerator.Fill(random);
        try
        {
            return Seal(pii, waybill, keys, random);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>
    /// Encrypts <paramref name="pii"/> for <paramref name="waybill"/> using <paramref name="random"/>
    /// (<see cref="RandomBytesPerRecord"/> fresh CSPRNG bytes, never reused; the caller zeroes them).
    /// </summary>
    public static (byte[] Sealed, byte[] WrappedKey) Seal(SenderPii pii, string waybill, LedgerKeys keys, ReadOnlySpan<byte> random)
    {
        ArgumentNullException.ThrowIfNull(pii);
        ArgumentOutOfRangeException.ThrowIfLessThan(random.Length, RandomBytesPerRecord);
        var dataKey = random[..DataKeySize];
        var nonce = random.Slice(DataKeySize, NonceSize);
        var wrapNonce = random.Slice(DataKeySize + NonceSize, LedgerKeys.WrapNonceSize);

        var adLength = AssociatedDataPrefix.Length + Encoding.UTF8.GetByteCount(waybill);
        Span<byte> ad = adLength <= MaxStackBytes ? stackalloc byte[adLength] : new byte[adLength];
        AssociatedData(waybill, ad);

        // The plaintext is encoded straight into the ciphertext's place and encrypted in place: no
        // plaintext copy is left on the heap.
        var plaintextLength = EncodedLength(pii);
        var output = new byte[NonceSize + plaintextLength + TagSize];
        nonce.CopyTo(output);
        var text = output.AsSpan(NonceSize, plaintextLength);
        Encode(pii, text);
        using (var cipher = new ChaCha20Poly1305(dataKey))
        {
            cipher.Encrypt(nonce, text, text, output.AsSpan(NonceSize + plaintextLength), ad);
        }

        return (output, keys.Wrap(dataKey, ad, wrapNonce));
    }

    /// <summary>Decrypts sealed personal data; null when the key is gone or anything fails to authenticate.</summary>
    public static SenderPii? Unseal(ReadOnlySpan<byte> sealedPii, ReadOnlySpan<byte> wrappedKey, string waybill, LedgerKeys keys)
    {
        if (sealedPii.Length < NonceSize + TagSize)
        {
            return null;
        }

        Span<byte> dataKey = stackalloc byte[DataKeySize];
        var ad = new byte[AssociatedDataPrefix.Length + Encoding.UTF8.GetByteCount(waybill)];
        AssociatedData(waybill, ad);
        var plaintext = new byte[sealedPii.Length - NonceSize - TagSize];
        try
        {
            if (!keys.TryUnwrap(wrappedKey, ad, dataKey))
            {
                return null;
            }

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
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    // The waybill binds ciphertext and wrapped key to their record: neither can be moved to another entry.
    private static void AssociatedData(string waybill, Span<byte> destination)
    {
        AssociatedDataPrefix.CopyTo(destination);
        Encoding.UTF8.GetBytes(waybill, destination[AssociatedDataPrefix.Length..]);
    }

    // The canonical encoding of CanonicalWriter: per field an i32 big-endian UTF-8 length (−1 = null) and the bytes.
    private static int EncodedLength(SenderPii pii) => FieldLength(pii.IdNumber) + FieldLength(pii.FullName) + FieldLength(pii.Phone);

    private static int FieldLength(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    private static void Encode(SenderPii pii, Span<byte> destination)
    {
        var written = WriteField(pii.IdNumber, destination);
        written += WriteField(pii.FullName, destination[written..]);
        WriteField(pii.Phone, destination[written..]);
    }

    private static int WriteField(string? value, Span<byte> destination)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, -1);
            return 4;
        }

        var count = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, count);
        return 4 + count;
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
