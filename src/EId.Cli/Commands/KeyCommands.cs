using System.CommandLine;
using EId.Cli.Output;
using EId.Credentials.Keys;
using EId.Credentials.Trust;

namespace EId.Cli.Commands;

/// <summary><c>eid key …</c>: issuer signing keys for Claim 169 credentials.</summary>
public static class KeyCommands
{
    /// <summary>Builds the <c>key</c> verb group.</summary>
    /// <param name="time">The clock for trust-list validity times; the system clock when null.</param>
    /// <returns>The command.</returns>
    public static Command Create(TimeProvider? time = null)
    {
        var group = new Command("key", "Issuer signing keys (Ed25519, PKCS#8).");
        group.Add(CreateNew(time ?? TimeProvider.System));
        return group;
    }

    private static Command CreateNew(TimeProvider time)
    {
        var outPath = new Option<string>("--out") { Description = "Where to write the private key (PKCS#8 PEM, mode 0600).", Required = true };
        var issuer = new Option<string?>("--issuer") { Description = "Issuer URI to bind the key to in the trust list." };
        var trust = new Option<string?>("--trust") { Description = "Trust list JSON to create or extend with the new public key." };
        var command = new Command("new", "Create a new issuer signing key; prints its kid and public key, never the private key.") { outPath, issuer, trust };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var path = parseResult.GetRequiredValue(outPath);
            var trustPath = parseResult.GetValue(trust);
            if (File.Exists(path))
            {
                return output.UsageError($"{path} exists; refusing to overwrite a key (delete it first to rotate).");
            }

            var list = TrustList.Empty;
            if (trustPath is not null && File.Exists(trustPath)
                && !TrustList.TryParseJson(await File.ReadAllTextAsync(trustPath, cancellationToken).ConfigureAwait(false), out list, out var error))
            {
                return output.UsageError(error);
            }

            using var key = await Pkcs8FileKeyStore.CreateKeyFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (trustPath is not null)
            {
                // Whole seconds, like the iat of the credentials the key will sign (the trust entry floors it too).
                var now = time.GetUtcNow();
                var entry = key.ToTrustedKey(parseResult.GetValue(issuer), DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()));
                await File.WriteAllTextAsync(trustPath, list.With(entry).ToJson(), cancellationToken).ConfigureAwait(false);
            }

            var result = new KeyNewResult(path, key.KeyIdHex, Convert.ToHexStringLower(key.PublicKey), trustPath);
            return output.Report(ExitCodes.Valid, result, (w, r) =>
            {
                w.WriteLine($"key        {r.Path}");
                w.WriteLine($"kid        {r.KeyId}");
                w.WriteLine($"public     {r.PublicKey}");
                if (r.TrustList is not null)
                {
                    w.WriteLine($"trust list {r.TrustList}");
                }
            });
        });
        return command;
    }

    /// <summary>The result of <c>eid key new</c>.</summary>
    /// <param name="Path">The private key file.</param>
    /// <param name="KeyId">The COSE kid (hex).</param>
    /// <param name="PublicKey">The raw Ed25519 public key (hex).</param>
    /// <param name="TrustList">The trust list written, if any.</param>
    public sealed record KeyNewResult(string Path, string KeyId, string PublicKey, string? TrustList);
}
