using NSec.Cryptography;

namespace EId.Risk.Devices;

/// <summary>
/// An Ed25519 key pair: a device's request-signing key or the enrolment authority's certificate-signing key.
/// The private key never leaves the object except through <see cref="ExportPrivateKey"/>.
/// </summary>
public sealed class DeviceKey : IDisposable
{
    /// <summary>Length of a raw Ed25519 public key.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of a raw Ed25519 private key (the seed).</summary>
    public const int PrivateKeyLength = 32;

    /// <summary>Length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    private readonly Key _key;

    private DeviceKey(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The raw 32-byte public key.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>Generates a new random key pair.</summary>
    public static DeviceKey Generate() => new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Imports a raw 32-byte private key (as written by <see cref="ExportPrivateKey"/>).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static DeviceKey Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeyLength)
        {
            throw new ArgumentException($"An Ed25519 private key is {PrivateKeyLength} bytes.", nameof(privateKey));
        }

        return new(Key.Import(SignatureAlgorithm.Ed25519, privateKey, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>Exports the raw 32-byte private key (keep it in the device's secure storage).</summary>
    public byte[] ExportPrivateKey() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>Signs <paramref name="data"/> (64-byte Ed25519 signature).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    /// <summary>Verifies an Ed25519 signature; false for a malformed key or signature.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength
            || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key))
        {
            return false;
        }

        return SignatureAlgorithm.Ed25519.Verify(key!, data, signature);
    }

    /// <summary>Clears the private key.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>Never prints the key.</summary>
    public override string ToString() => nameof(DeviceKey);
}
