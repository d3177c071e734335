using NSec.Cryptography;

namespace EId.Postal.Verdicts;

/// <summary>The identity server's verdict signing key (Ed25519) and its key id.</summary>
public sealed class VerdictSigner : IDisposable
{
    private readonly Key _key;

    /// <summary>Creates a signer from a raw 32-byte Ed25519 private key.</summary>
    /// <param name="keyId">The key id the postal server's trust list names it by (1 to 64 characters).</param>
    /// <param name="privateKey">The raw private key.</param>
    /// <exception cref="ArgumentException">The key id is empty or too long, or the key is not 32 bytes.</exception>
    public VerdictSigner(string keyId, ReadOnlySpan<byte> privateKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        if (keyId.Length > 64)
        {
            throw new ArgumentException("The key id is at most 64 characters.", nameof(keyId));
        }

        if (privateKey.Length != 32)
        {
            throw new ArgumentException("The verdict key is a 32-byte raw Ed25519 private key.", nameof(privateKey));
        }

        KeyId = keyId;
        _key = Key.Import(SignatureAlgorithm.Ed25519, privateKey, KeyBlobFormat.RawPrivateKey);
        PublicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The key id.</summary>
    public string KeyId { get; }

    /// <summary>The raw public key, for the postal server's trust list.</summary>
    public byte[] PublicKey { get; }

    /// <summary>A fresh random raw private key.</summary>
    /// <returns>32 bytes.</returns>
    public static byte[] GeneratePrivateKey()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return key.Export(KeyBlobFormat.RawPrivateKey);
    }

    /// <summary>Encodes and signs <paramref name="verdict"/>, whose <see cref="IdentityVerdict.KeyId"/> is set to this key's id.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>The signed verdict bytes.</returns>
    /// <exception cref="ArgumentException">The verdict's parcel hash is not 32 bytes, or it has too many reasons.</exception>
    public byte[] Sign(IdentityVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.ParcelHash.Length != VerdictCodec.HashLength || verdict.Reasons.Count > VerdictCodec.MaxReasons)
        {
            throw new ArgumentException("A verdict carries a 32-byte parcel hash and at most 32 reasons.", nameof(verdict));
        }

        var signed = VerdictCodec.EncodeSigned(verdict with { KeyId = KeyId });
        return VerdictCodec.Envelope(signed, SignatureAlgorithm.Ed25519.Sign(_key, signed));
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"VerdictSigner({KeyId})";
}
