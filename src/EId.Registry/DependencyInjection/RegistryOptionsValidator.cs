using EId.Diagnostics;
using EId.Registry.Remote;
using EId.Storage;

namespace EId.Registry;

/// <summary>Validates <see cref="RegistryOptions"/> on start, naming every problem.</summary>
internal sealed class RegistryOptionsValidator : OptionsValidator<RegistryOptions>
{
    protected override void Collect(RegistryOptions options, List<string> problems)
    {
        // A remote client that does not also serve the registry holds no store of its own.
        if (!options.Remote.Enabled || options.Server.Enabled)
        {
            problems.AddRange(options.Storage.Problems("RegistryOptions.Storage"));
        }

        if (options.Remote.Enabled)
        {
            if (options.Remote.BaseAddress is not { IsAbsoluteUri: true })
            {
                problems.Add("Remote.BaseAddress must be an absolute URI.");
            }

            if (Channel.ChannelKeys.TryParsePublicKey(options.Remote.ServerPublicKey) is null)
            {
                problems.Add("Remote.ServerPublicKey must be base64 of a 32-byte X25519 public key.");
            }

            CheckPrivateKey(problems, "Remote.ClientPrivateKey", options.Remote.ClientPrivateKey, options.Remote.ClientPrivateKeyFile);
            if (options.Remote.AttemptTimeout <= TimeSpan.Zero || options.Remote.MaxRetries is < 0 or > 10 || options.Remote.RetryDelay < TimeSpan.Zero || options.Remote.MaxResponseBytes < 1024)
            {
                problems.Add("Remote.AttemptTimeout must be positive, MaxRetries 0..10, RetryDelay not negative, MaxResponseBytes at least 1024.");
            }
        }

        if (options.Server.Enabled)
        {
            CheckPrivateKey(problems, "Server.ServerPrivateKey", options.Server.ServerPrivateKey, options.Server.ServerPrivateKeyFile);
            if (options.Server.ClientPublicKeys.Count == 0 || options.Server.ClientPublicKeys.Any(k => Channel.ChannelKeys.TryParsePublicKey(k) is null))
            {
                problems.Add("Server.ClientPublicKeys needs at least one key, each base64 of a 32-byte X25519 public key.");
            }

            if (options.Server.ReplayWindow <= TimeSpan.Zero || options.Server.ReplayCapacity < 1 || options.Server.MaxRequestBytes < 1024)
            {
                problems.Add("Server.ReplayWindow must be positive, ReplayCapacity at least 1, MaxRequestBytes at least 1024.");
            }
        }
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
