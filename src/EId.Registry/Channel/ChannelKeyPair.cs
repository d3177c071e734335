using System.Security.Cryptography;
using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>
/// A static X25519 key pair of one end of the sealed registry channel (the issuer or the registry).
/// Owns native key memory: dispose it when the process no longer needs it.
/// </summary>
public sealed class ChannelKeyPair : IDisposable
{
    private ChannelKeyPair(Key key)
    {
        Key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The raw 32-byte X25519 public key, to pin at the other end.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The public key as base64, the form the other end's options take.</summary>
    public string PublicKeyBase64 => Convert.ToBase64String(PublicKey.Span);

    internal Key Key { get; }

    /// <summary>Creates a fresh key pair whose private key can be exported once with <see cref="ExportPrivateKeyBase64"/> (key provisioning).</summary>
    public static ChannelKeyPair Generate() =>
        new(Key.Create(KeyAgreementAlgorithm.X25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Imports a raw 32-byte X25519 private key.</summary>
    /// <returns>The key pair, or null when <paramref name="privateKey"/> is not a 32-byte key.</returns>
    public static ChannelKeyPair? TryImport(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyAgreementAlgorithm.X25519.PrivateKeySize)
        {
            return null;
        }

        return Key.TryImport(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey, out var key) && key is not null
            ? new ChannelKeyPair(key)
            : null;
    }

    /// <summary>Imports a base64 raw X25519 private key (as held in options or a key file).</summary>
    /// <returns>The key pair, or null when the text is not base64 of 32 bytes.</returns>
    public static ChannelKeyPair? TryImportBase64(string? privateKeyBase64)
    {
        var bytes = ChannelKeys.TryDecodeBase64Key(privateKeyBase64);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return TryImport(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Loads a key file holding the base64 private key (surrounding whitespace ignored).</summary>
    /// <returns>The key pair, or null when the file does not hold base64 of 32 bytes.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<ChannelKeyPair?> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return TryImportBase64(text);
    }

    /// <summary>Loads a key file holding the base64 private key, synchronously (start-up wiring).</summary>
    /// <returns>The key pair, or null when the file does not hold base64 of 32 bytes.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ChannelKeyPair? Load(string path) => TryImportBase64(File.ReadAllText(path));

    /// <summary>Exports the private key as base64; only for pairs made by <see cref="Generate"/>.</summary>
    /// <exception cref="InvalidOperationException">The key was imported and is not exportable.</exception>
    public string ExportPrivateKeyBase64()
    {
        var raw = Key.Export(KeyBlobFormat.RawPrivateKey);
        try
        {
            return Convert.ToBase64String(raw);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();

    /// <summary>Prints the public key only.</summary>
    public override string ToString() => $"ChannelKeyPair(public {PublicKeyBase64})";
}
