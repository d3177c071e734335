using EId.Registry.Remote;
using EId.Storage;

namespace EId.Registry;

/// <summary>Options of <c>AddEIdRegistry</c>: which registry to use and, on the registry host, the sealed endpoint.</summary>
public sealed class RegistryOptions
{
    /// <summary>
    /// Where this host's own registry lives (default SQLite <c>eid-registry.db</c>; PostgreSQL schema <c>eid_registry</c>, where
    /// every registry host shares citizens, issuances and the sealed channel's accepted message ids). It is the host's
    /// <see cref="IIdentityRegistry"/> unless <see cref="SealedRegistryClientOptions.Enabled"/>, and what
    /// <see cref="Server"/> serves. Set with <c>AddEIdRegistry().UseSqlite/UsePostgres/UseInMemory</c> or configuration
    /// <c>EId:Registry:Storage:Backend</c>.
    /// </summary>
    public StorageOptions Storage { get; } = new() { SqlitePath = "eid-registry.db", PostgresSchema = "eid_registry" };

    /// <summary>The remote registry over the sealed channel: with <see cref="SealedRegistryClientOptions.Enabled"/> it is the host's <see cref="IIdentityRegistry"/>.</summary>
    public SealedRegistryClientOptions Remote { get; } = new();

    /// <summary>The sealed endpoint this host serves (registry hosts only), over the local <see cref="Storage"/>.</summary>
    public SealedRegistryServerOptions Server { get; } = new();

    /// <summary>Checks the options; returns the problems found (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();

        // A remote client that does not also serve the registry holds no store of its own.
        if (!Remote.Enabled || Server.Enabled)
        {
            problems.AddRange(Storage.Problems("RegistryOptions.Storage"));
        }

        if (Remote.Enabled)
        {
            if (Remote.BaseAddress is not { IsAbsoluteUri: true })
            {
                problems.Add("Remote.BaseAddress must be an absolute URI.");
            }

            if (Channel.ChannelKeys.TryParsePublicKey(Remote.ServerPublicKey) is null)
            {
                problems.Add("Remote.ServerPublicKey must be base64 of a 32-byte X25519 public key.");
            }

            CheckPrivateKey(problems, "Remote.ClientPrivateKey", Remote.ClientPrivateKey, Remote.ClientPrivateKeyFile);
            if (Remote.AttemptTimeout <= TimeSpan.Zero || Remote.MaxRetries is < 0 or > 10 || Remote.RetryDelay < TimeSpan.Zero || Remote.MaxResponseBytes < 1024)
            {
                problems.Add("Remote.AttemptTimeout must be positive, MaxRetries 0..10, RetryDelay not negative, MaxResponseBytes at least 1024.");
            }
        }

        if (Server.Enabled)
        {
            CheckPrivateKey(problems, "Server.ServerPrivateKey", Server.ServerPrivateKey, Server.ServerPrivateKeyFile);
            if (Server.ClientPublicKeys.Count == 0 || Server.ClientPublicKeys.Any(k => Channel.ChannelKeys.TryParsePublicKey(k) is null))
            {
                problems.Add("Server.ClientPublicKeys needs at least one key, each base64 of a 32-byte X25519 public key.");
            }

            if (Server.ReplayWindow <= TimeSpan.Zero || Server.ReplayCapacity < 1 || Server.MaxRequestBytes < 1024)
            {
                problems.Add("Server.ReplayWindow must be positive, ReplayCapacity at least 1, MaxRequestBytes at least 1024.");
            }
        }

        return problems;
    }

    private static void CheckPrivateKey(List<string> problems, string name, string? inline, string? file)
    {
        if (inline is not null && file is not null)
        {
            problems.Add($"{name}: set the key or the key file, not both.");
        }
        else if (EId.Diagnostics.OptionsChecks.MissingFile($"RegistryOptions.{name}File", file) is { } missing)
        {
            problems.Add(missing);
        }
        else if (file is not null)
        {
            string? text = null;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"RegistryOptions.{name}File cannot be read ({ex.GetType().Name}): {Path.GetFullPath(file)}.");
                return;
            }

            if (!Channel.ChannelKeys.IsBase64Key(text))
            {
                problems.Add($"{name}File must hold base64 of a 32-byte X25519 private key.");
            }
        }
        else if (!Channel.ChannelKeys.IsBase64Key(inline))
        {
            problems.Add($"{name} must be base64 of a 32-byte X25519 private key.");
        }
    }
}
