using EId.Registry.Remote;
using EId.Registry.Storage;

namespace EId.Registry;

/// <summary>Options of <c>AddEIdRegistry</c>: which registry to use and, on the registry host, the sealed endpoint.</summary>
public sealed class RegistryOptions
{
    /// <summary>Which registry the host's <see cref="IIdentityRegistry"/> is.</summary>
    public RegistryMode Mode { get; set; } = RegistryMode.Sqlite;

    /// <summary>The SQLite file (mode <see cref="RegistryMode.Sqlite"/>).</summary>
    public SqliteRegistryOptions Sqlite { get; } = new();

    /// <summary>The remote registry (mode <see cref="RegistryMode.Remote"/>).</summary>
    public SealedRegistryClientOptions Remote { get; } = new();

    /// <summary>The sealed endpoint this host serves (registry hosts only; needs a local mode).</summary>
    public SealedRegistryServerOptions Server { get; } = new();

    /// <summary>Checks the options; returns the problems found (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Mode))
        {
            problems.Add("Mode is not defined.");
        }

        // A host in remote mode that also serves the registry serves its SQLite store.
        if ((Mode == RegistryMode.Sqlite || (Mode == RegistryMode.Remote && Server.Enabled)) && string.IsNullOrWhiteSpace(Sqlite.ConnectionString) && string.IsNullOrWhiteSpace(Sqlite.DatabasePath))
        {
            problems.Add("Sqlite.DatabasePath or Sqlite.ConnectionString is required.");
        }

        if (Mode == RegistryMode.Remote)
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
