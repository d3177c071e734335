namespace EId.Registry.Remote;

/// <summary>The registry host's end of the sealed channel.</summary>
public sealed class SealedRegistryServerOptions
{
    /// <summary>Registers <see cref="SealedRegistryServer"/> (answering from the local registry) when true.</summary>
    public bool Enabled { get; set; }

    /// <summary>The server's X25519 private key, base64 of 32 bytes (or use <see cref="ServerPrivateKeyFile"/>).</summary>
    public string? ServerPrivateKey { get; set; }

    /// <summary>A file holding the server's base64 private key.</summary>
    public string? ServerPrivateKeyFile { get; set; }

    /// <summary>Pinned X25519 public keys (base64) of the issuers allowed to call.</summary>
    public IList<string> ClientPublicKeys { get; } = [];

    /// <summary>How far a request's timestamp may be from the server clock, either way; also how long message ids are remembered.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most message ids remembered at once (the server refuses requests with 503 when full).</summary>
    public int ReplayCapacity { get; set; } = 100_000;

    /// <summary>Largest sealed request accepted.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;
}
