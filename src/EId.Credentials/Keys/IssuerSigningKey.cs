using System.Security.Cryptography;
using EId.Credentials.Cose;
using EId.Credentials.Trust;
using NSec.Cryptography;

namespace EId.Credentials.Keys;

/// <summary>
/// An issuer's Ed25519 signing key with its COSE key id. The private key never appears in
/// <see cref="ToString"/>, logs or exceptions; dispose it to wipe the native key material.
/// </summary>
public sealed class IssuerSigningKey : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private IssuerSigningKey(Key key, ReadOnlyMemory<byte>? keyId)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = keyId ?? DeriveKeyId(PublicKey);
    }

    /// <summary>The COSE key id (<c>kid</c>) written into every credential this key signs.</summary>
    public ReadOnlyMemory<byte> KeyId { get; }

    /// <summary>The key id as lowercase hex.</summary>
    public string KeyIdHex => Convert.ToHexStringLower(KeyId.Span);

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The COSE algorithm written in the protected header (EdDSA, -8).</summary>
    public static CoseAlgorithm Algorithm => CoseAlgorithm.EdDsa;

    /// <summary>Creates a new random key (exportable once, so it can be saved as PKCS#8).</summary>
    /// <param name="keyId">The kid; by default the first 8 bytes of SHA-256 of the public key.</param>
    public static IssuerSigningKey Generate(ReadOnlyMemory<byte>? keyId = null) =>
        new(Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextArchiving }), keyId);

    /// <summary>Imports a PKCS#8 private key, DER or PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    /// <param name="pkcs8">The encoded key.</param>
    /// <param name="key">The key on success.</param>
    /// <param name="keyId">The kid; by default derived from the public key.</param>
    /// <returns>False when the blob is not an Ed25519 PKCS#8 key.</returns>
    public static bool TryImportPkcs8(ReadOnlySpan<byte> pkcs8, out IssuerSigningKey? key, ReadOnlyMemory<byte>? keyId = null)
    {
        key = null;
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextArchiving };
        var format = pkcs8.IndexOf("-----BEGIN"u8) >= 0 ? KeyBlobFormat.PkixPrivateKeyText : KeyBlobFormat.PkixPrivateKey;
        if (!Key.TryImport(Ed25519, pkcs8, format, out var imported, parameters) || imported is null)
        {
            return false;
        }

        key = new IssuerSigningKey(imported, keyId);
        return true;
    }

    /// <summary>Imports a raw 32-byte Ed25519 private key (seed), as conformance vectors publish them.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static IssuerSigningKey FromSeed(ReadOnlySpan<byte> seed, ReadOnlyMemory<byte>? keyId = null)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));
        }

        var key = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextArchiving });
        return new IssuerSigningKey(key, keyId);
    }

    /// <summary>The default kid: the first 8 bytes of SHA-256 over the raw public key.</summary>
    public static byte[] DeriveKeyId(ReadOnlySpan<byte> rawPublicKey) => SHA256.HashData(rawPublicKey)[..8];

    /// <summary>Signs <paramref name="data"/> (Ed25519, 64-byte signature).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => Ed25519.Sign(_key, data);

    /// <summary>
    /// Signs this key's retirement at <paramref name="retiredAt"/> (whole seconds) for the trust list
    /// (<see cref="TrustList.Retire"/>, <see cref="TrustedIssuerKey.WithRetirement"/>). May be signed ahead of time and kept offline.
    /// </summary>
    public byte[] SignRetirement(DateTimeOffset retiredAt) => Sign(TrustedIssuerKey.RetirementStatement(KeyId.Span, retiredAt));

    /// <summary>Exports the private key as PKCS#8 PEM (for the key file; handle as a secret).</summary>
    public byte[] ExportPkcs8Pem() => _key.Export(KeyBlobFormat.PkixPrivateKeyText);

    /// <summary>Exports the public key as SubjectPublicKeyInfo PEM.</summary>
    public byte[] ExportPublicKeyPem() => _key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText);

    /// <summary>The trust-list entry a verifier needs for this key.</summary>
    /// <param name="issuer">Issuer URI the key signs for.</param>
    /// <param name="validFrom">Start of the key's validity (issuance time checked against it).</param>
    /// <param name="validUntil">End of the key's validity.</param>
    public TrustedIssuerKey ToTrustedKey(string? issuer = null, DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null) =>
        new(KeyId, Algorithm, PublicKey, issuer, validFrom, validUntil);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>Shows only the key id.</summary>
    public override string ToString() => $"IssuerSigningKey(kid={KeyIdHex})";
}
