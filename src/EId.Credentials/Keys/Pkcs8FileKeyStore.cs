using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Credentials.Keys;

/// <summary>
/// Reference <see cref="IIssuerKeyStore"/>: one Ed25519 PKCS#8 file (PEM or DER). The file is re-read
/// when its timestamp changes, so rotating the key is "write the new key file". Only the kid is logged.
/// </summary>
public sealed class Pkcs8FileKeyStore : IIssuerKeyStore, IDisposable
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IssuerSigningKey? _current;
    private DateTime _loadedStamp;

    /// <summary>Creates a store over <paramref name="path"/>.</summary>
    public Pkcs8FileKeyStore(string path, ILogger<Pkcs8FileKeyStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _logger = logger ?? NullLogger<Pkcs8FileKeyStore>.Instance;
    }

    /// <summary>Generates a new key and writes it as PKCS#8 PEM readable by the owner only.</summary>
    /// <param name="path">Target file; an existing file is replaced (rotation).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new key (caller disposes).</returns>
    public static async Task<IssuerSigningKey> CreateKeyFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var key = IssuerSigningKey.Generate();
        var pem = key.ExportPkcs8Pem();
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(temp, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(pem, cancellationToken).ConfigureAwait(false);
        }

        Array.Clear(pem);
        File.Move(temp, path, overwrite: true);
        return key;
    }

    /// <inheritdoc />
    public async ValueTask<IssuerSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        var stamp = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : default;
        if (_current is { } current && stamp == _loadedStamp)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again && stamp == _loadedStamp)
            {
                return again;
            }

            if (!File.Exists(_path))
            {
                throw new InvalidOperationException("The issuer key file does not exist.");
            }

            var blob = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!IssuerSigningKey.TryImportPkcs8(blob, out var key) || key is null)
                {
                    throw new InvalidOperationException("The issuer key file is not an Ed25519 PKCS#8 key.");
                }

                // The previous key may still be in use by a concurrent issuance; it is left to the GC rather than disposed here.
                _current = key;
                _loadedStamp = stamp;
                _logger.LogInformation("Loaded issuer signing key {KeyId}", key.KeyIdHex);
                return key;
            }
            finally
            {
                Array.Clear(blob);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _current?.Dispose();
        _gate.Dispose();
    }
}
