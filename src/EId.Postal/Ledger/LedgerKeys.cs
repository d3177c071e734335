using System.Security.Cryptography;
using NSec.Cryptography;

namespace EId.Postal.Ledger;

/// <summary>
/// The ledger's keys: the Ed25519 checkpoint signing key, the public keys whose checkpoints are
/// trusted, and the key-encryption key that wraps each record's data key.
/// </summary>
public sealed class LedgerKeys : IDisposable
{
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;
    private readonly Key? _signingKey;
    private readonly Key? _keyEncryptionKey;
    private readonly List<byte[]> _trusted;

    private LedgerKeys(Key? signingKey, Key? keyEncryptionKey, IEnumerable<byte[]> trusted)
    {
        _signingKey = signingKey;
        _keyEncryptionKey = keyEncryptionKey;
        _trusted = [.. trusted.Select(k => k.ToArray())];
        if (signingKey is not null)
        {
            _trusted.Add(signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        }
    }

    /// <summary>The raw public key of the signing key, or null for a verify-only key set.</summary>
    public byte[]? SigningPublicKey => _signingKey?.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>True when records can be sealed and unsealed (a key-encryption key is present).</summary>
    public bool CanSeal => _keyEncryptionKey is not null;

    /// <summary>Creates the key set of a writing server from raw key bytes.</summary>
    /// <param name="signingKey">32-byte raw Ed25519 private key.</param>
    /// <param name="keyEncryptionKey">32-byte key-encryption key.</param>
    /// <param name="trustedPublicKeys">Further trusted checkpoint public keys (e.g. earlier, rotated keys).</param>
    /// <exception cref="ArgumentException">A key has the wrong length.</exception>
    public static LedgerKeys Create(ReadOnlySpan<byte> signingKey, ReadOnlySpan<byte> keyEncryptionKey, IEnumerable<byte[]>? trustedPublicKeys = null)
    {
        if (signingKey.Length != 32)
        {
            throw new ArgumentException("The checkpoint signing key is a 32-byte raw Ed25519 private key.", nameof(signingKey));
        }

        if (keyEncryptionKey.Length != Aead.KeySize)
        {
            throw new ArgumentException($"The key-encryption key is {Aead.KeySize} bytes.", nameof(keyEncryptionKey));
        }

        var signing = Key.Import(SignatureAlgorithm.Ed25519, signingKey, KeyBlobFormat.RawPrivateKey);
        var kek = Key.Import(Aead, keyEncryptionKey, KeyBlobFormat.RawSymmetricKey);
        return new LedgerKeys(signing, kek, trustedPublicKeys ?? []);
    }

    /// <summary>Creates a verify-only key set (no signing, no decryption) trusting <paramref name="trustedPublicKeys"/>.</summary>
    public static LedgerKeys VerifyOnly(IEnumerable<byte[]> trustedPublicKeys) => new(null, null, trustedPublicKeys);

    /// <summary>Makes fresh random keys (tests, demos, first start); the caller persists them.</summary>
    public static (byte[] SigningKey, byte[] KeyEncryptionKey) GenerateRaw() =>
        (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(Aead.KeySize));

    /// <summary>True when <paramref name="publicKey"/> is trusted for checkpoints.</summary>
    public bool IsTrusted(ReadOnlySpan<byte> publicKey)
    {
        foreach (var key in _trusted)
        {
            if (publicKey.SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when no trusted keys are configured (the verifier then only checks self-consistency).</summary>
    public bool TrustsNothing => _trusted.Count == 0;

    /// <summary>True when a signature under <paramref name="publicKey"/> counts: a 32-byte key that is trusted, or any when nothing is.</summary>
    internal bool Accepts(ReadOnlySpan<byte> publicKey) => publicKey.Length == 32 && (TrustsNothing || IsTrusted(publicKey));

    /// <summary>Verifies an Ed25519 signature; false for a key or signature that does not even parse.</summary>
    internal static bool Verifies(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        return PublicKey.TryImport(algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) && key is not null && algorithm.Verify(key, payload, signature);
    }

    /// <summary>Signs a checkpoint or receipt payload.</summary>
    /// <exception cref="InvalidOperationException">This is a verify-only key set.</exception>
    internal byte[] Sign(ReadOnlySpan<byte> payload) =>
        SignatureAlgorithm.Ed25519.Sign(_signingKey ?? throw new InvalidOperationException("This key set cannot sign checkpoints."), payload);

    /// <summary>The nonce size of a wrapped data key.</summary>
    internal const int WrapNonceSize = 12;

    /// <summary>Wraps a record's data key under the key-encryption key with a fresh random <paramref name="nonce"/>: nonce ‖ ciphertext.</summary>
    internal byte[] Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce)
    {
        var kek = _keyEncryptionKey ?? throw new InvalidOperationException("This key set cannot wrap data keys.");
        var output = new byte[Aead.NonceSize + dataKey.Length + Aead.TagSize];
        nonce[..Aead.NonceSize].CopyTo(output);
        Aead.Encrypt(kek, nonce[..Aead.NonceSize], associatedData, dataKey, output.AsSpan(Aead.NonceSize));
        return output;
    }

    /// <summary>Unwraps a record's data key; false when it does not authenticate.</summary>
    internal bool TryUnwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> associatedData, Span<byte> dataKey)
    {
        if (_keyEncryptionKey is null || wrapped.Length != Aead.NonceSize + dataKey.Length + Aead.TagSize)
        {
            return false;
        }

        return Aead.Decrypt(_keyEncryptionKey, wrapped[..Aead.NonceSize], associatedData, wrapped[Aead.NonceSize..], dataKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _signingKey?.Dispose();
        _keyEncryptionKey?.Dispose();
    }

    /// <summary>Never prints keys.</summary>
    public override string ToString() => nameof(LedgerKeys);
}
