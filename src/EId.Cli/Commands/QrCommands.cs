using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using EId.Cli.Output;
using EId.Credentials;
using EId.Credentials.Claims;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Rendering;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using EId.Privacy;
using Microsoft.Extensions.Options;

namespace EId.Cli.Commands;

/// <summary>
/// <c>eid qr …</c>: issue, decode and verify Claim 169 QR credentials. A QR argument is the Base45 text,
/// a text file holding it, or an image file, which is read with <c>zbarimg</c> (zbar-tools) when installed.
/// </summary>
public static class QrCommands
{
    /// <summary>Builds the <c>qr</c> verb group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var group = new Command("qr", "Claim 169 QR credentials: issue, decode, verify.");
        group.Add(CreateIssue());
        group.Add(CreateDecode());
        group.Add(CreateVerify());
        return group;
    }

    private static Command CreateIssue()
    {
        var key = new Option<string>("--key") { Description = "Issuer private key (PKCS#8, from 'eid key new').", Required = true };
        var claims = new Option<string>("--claims") { Description = "Claim 169 identity as JSON (fullName, id, dateOfBirth, gender, address, …).", Required = true };
        var outPath = new Option<string>("--out") { Description = "Output: .png, .svg, .txt (Base45 text), or '-' for the terminal.", Required = true };
        var issuer = new Option<string>("--issuer") { Description = "Issuer URI (CWT iss).", DefaultValueFactory = _ => "urn:eid:issuer" };
        var validity = new Option<TimeSpan>("--validity") { Description = "Validity from now (e.g. 1.00:00:00).", DefaultValueFactory = _ => TimeSpan.FromDays(1) };
        var device = new Option<string>("--device") { Description = "Issuing device id.", DefaultValueFactory = _ => "cli" };
        var ecc = new Option<QrErrorCorrection>("--ecc") { Description = "QR error correction (L, M, Q, H).", DefaultValueFactory = _ => QrErrorCorrection.M };
        var card = new Option<string?>("--card") { Description = "Also write a printable card PNG here." };
        var command = new Command("issue", "Sign a claims file as a Claim 169 QR credential.") { key, claims, outPath, issuer, validity, device, ecc, card };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var keyPath = parseResult.GetRequiredValue(key);
            var claimsPath = parseResult.GetRequiredValue(claims);
            if (!File.Exists(keyPath) || !File.Exists(claimsPath))
            {
                return output.EnvironmentError($"No such file: {(File.Exists(keyPath) ? claimsPath : keyPath)}");
            }

            var keyBytes = await File.ReadAllBytesAsync(keyPath, cancellationToken).ConfigureAwait(false);
            var imported = IssuerSigningKey.TryImportPkcs8(keyBytes, out var signingKey);
            Array.Clear(keyBytes);
            if (!imported || signingKey is null)
            {
                return output.UsageError("The key file is not an Ed25519 PKCS#8 key.");
            }

            using var disposeKey = signingKey;
            JsonObject? json;
            try
            {
                json = JsonNode.Parse(await File.ReadAllTextAsync(claimsPath, cancellationToken).ConfigureAwait(false)) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                json = null;
            }

            if (json is null || !IdentityClaimsJson.TryFromJson(json, out var identity, out var claimsError))
            {
                return output.UsageError("The claims file is not a JSON object of Claim 169 fields.");
            }

            var now = DateTimeOffset.UtcNow;
            var cwt = new CwtClaims
            {
                Issuer = parseResult.GetRequiredValue(issuer),
                IssuedAt = now.ToUnixTimeSeconds(),
                NotBefore = now.ToUnixTimeSeconds(),
                ExpiresAt = (now + parseResult.GetValue(validity)).ToUnixTimeSeconds(),
                Cti = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16),
                DeviceId = parseResult.GetRequiredValue(device),
                Identity = identity,
            };
            var text = Claim169Encoder.Encode(cwt, signingKey);
            var options = new QrRenderOptions { ErrorCorrection = parseResult.GetValue(ecc) };
            var target = parseResult.GetRequiredValue(outPath);
            switch (Path.GetExtension(target).ToUpperInvariant())
            {
                case ".PNG": await File.WriteAllBytesAsync(target, QrCodeRenderer.RenderPng(text, options), cancellationToken).ConfigureAwait(false); break;
                case ".SVG": await File.WriteAllTextAsync(target, QrCodeRenderer.RenderSvg(text, options), cancellationToken).ConfigureAwait(false); break;
                case ".TXT": await File.WriteAllTextAsync(target, text + "\n", cancellationToken).ConfigureAwait(false); break;
                default:
                    if (target != "-")
                    {
                        return output.UsageError("--out must end in .png, .svg or .txt, or be '-'.");
                    }

                    break;
            }

            var metadata = CredentialMapping.ToMetadata(cwt, signingKey.KeyId.Span);
            if (parseResult.GetValue(card) is { } cardPath)
            {
                var subject = CredentialMapping.ToSubject(identity);
                await File.WriteAllBytesAsync(cardPath, CredentialCardRenderer.RenderPng(new IssuedCredential(text, subject, metadata), errorCorrection: options.ErrorCorrection), cancellationToken).ConfigureAwait(false);
            }

            var result = new QrIssueResult(target, text.Length, QrCodeRenderer.VersionFor(text, options.ErrorCorrection), options.ErrorCorrection.ToString(), metadata.Serial, metadata.KeyId, metadata.ExpiresAt);
            return output.Report(ExitCodes.Valid, result, (w, r) =>
            {
                if (target == "-")
                {
                    w.Write(QrCodeRenderer.RenderTerminal(text, TerminalStyle.HalfBlocks, options));
                }

                w.WriteLine($"wrote    {r.Out}  ({r.Characters} chars, QR version {r.Version} at ECC {r.ErrorCorrection})");
                w.WriteLine($"serial   {r.Serial}");
                w.WriteLine($"kid      {r.KeyId}");
                w.WriteLine($"expires  {r.ExpiresAt:u}");
            });
        });
        return command;
    }

    private static Command CreateDecode()
    {
        var input = new Argument<string>("qr") { Description = "QR text, a text file holding it, or a PNG/JPEG image (needs zbarimg)." };
        var unmasked = PiiDisplay.CreateOption();
        var command = new Command("decode", "Decode a credential's claims and metadata WITHOUT verifying it.") { input, unmasked };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var text = await ReadQrAsync(parseResult.GetRequiredValue(input), cancellationToken).ConfigureAwait(false);
            if (text.Error is not null)
            {
                return output.UsageError(text.Error);
            }

            var decoded = Claim169Decoder.Decode(text.Value);
            if (!decoded.TryGetValue(out var credential, out var failure))
            {
                return output.Report(ExitCodes.Invalid, new QrDecodeResult(false, failure.Reason.ToString(), failure.Message, null, null), (w, r) => w.WriteLine($"invalid  {r.Error}: {r.Message}"));
            }

            var pii = PiiDisplay.From(parseResult, unmasked);
            var result = new QrDecodeResult(
                true,
                null,
                "Decoded only: the signature was NOT verified.",
                IdentityClaimsJson.ToJson(credential.Claims, credential.Message is null ? default : credential.Message.KeyId.Span),
                credential.Claims.Identity is { } identity ? Mask(IdentityClaimsJson.ToJson(identity), pii.Unmasked) : null);
            return output.Report(ExitCodes.Valid, result, WriteClaims);
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var input = new Argument<string>("qr") { Description = "QR text, a text file holding it, or a PNG/JPEG image (needs zbarimg)." };
        var trust = new Option<string>("--trust") { Description = "Trust list JSON, a public key PEM, or a raw Ed25519 public key in hex.", Required = true };
        var skew = new Option<TimeSpan>("--skew") { Description = "Clock skew tolerance.", DefaultValueFactory = _ => TimeSpan.FromMinutes(5) };
        var unmasked = PiiDisplay.CreateOption();
        var command = new Command("verify", "Verify a credential offline: signature against the trust list, validity window, claim 169.") { input, trust, skew, unmasked };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var text = await ReadQrAsync(parseResult.GetRequiredValue(input), cancellationToken).ConfigureAwait(false);
            if (text.Error is not null)
            {
                return output.UsageError(text.Error);
            }

            var list = await LoadTrustAsync(parseResult.GetRequiredValue(trust), cancellationToken).ConfigureAwait(false);
            if (list.Error is not null)
            {
                return output.UsageError(list.Error);
            }

            var options = new CredentialVerifierOptions { ClockSkew = parseResult.GetValue(skew) };
            var verifier = new Claim169Verifier(list.Value!, Options.Create(options));
            var verdict = await verifier.VerifyAsync(text.Value!, cancellationToken).ConfigureAwait(false);
            var pii = PiiDisplay.From(parseResult, unmasked);
            var decoded = Claim169Decoder.Decode(text.Value);
            var identity = decoded.IsSuccess && decoded.Value.Claims.Identity is { } id ? Mask(IdentityClaimsJson.ToJson(id), pii.Unmasked) : null;
            var metadata = decoded.IsSuccess ? IdentityClaimsJson.ToJson(decoded.Value.Claims, decoded.Value.Message is null ? default : decoded.Value.Message.KeyId.Span) : null;
            var result = new QrDecodeResult(verdict.IsValid, verdict.Error?.ToString(), verdict.Message, metadata, identity);
            return output.Report(verdict.IsValid ? ExitCodes.Valid : ExitCodes.Invalid, result, WriteClaims);
        });
        return command;
    }

    private static void WriteClaims(TextWriter w, QrDecodeResult r)
    {
        w.WriteLine(r.Valid ? $"ok       {r.Message}" : $"invalid  {r.Error}: {r.Message}");
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, JsonNode?>>?)r.Metadata ?? [])
        {
            w.WriteLine($"{name,-14} {value?.ToJsonString(CommandOutput.JsonOptions)}");
        }

        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, JsonNode?>>?)r.Claims ?? [])
        {
            w.WriteLine($"{name,-14} {(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString(CommandOutput.JsonOptions))}");
        }
    }

    /// <summary>Masks names, numbers, addresses and biometric data unless <paramref name="unmasked"/>.</summary>
    private static JsonObject Mask(JsonObject claims, bool unmasked)
    {
        if (unmasked)
        {
            return claims;
        }

        foreach (var name in claims.Select(p => p.Key).ToList())
        {
            var value = claims[name];
            claims[name] = name switch
            {
                "id" => PiiMask.IdNumber(value!.GetValue<string>()),
                "fullName" or "firstName" or "middleName" or "lastName" or "secondaryFullName" or "guardian" => PiiMask.Name(value!.GetValue<string>()),
                "address" or "email" or "phone" or "locationCode" => PiiMask.Text(value!.GetValue<string>()),
                "photo" => $"<{Convert.FromBase64String(value!.GetValue<string>()).Length} bytes>",
                _ when value is JsonArray samples && samples.All(x => x is JsonObject o && o.ContainsKey("data")) =>
                    new JsonArray([.. samples.Select(x => (JsonNode?)new JsonObject
                    {
                        ["data"] = $"<{Convert.FromBase64String(x!["data"]!.GetValue<string>()).Length} bytes>",
                        ["format"] = x["format"]?.DeepClone(),
                        ["subFormat"] = x["subFormat"]?.DeepClone(),
                    })]),
                _ => value?.DeepClone(),
            };
        }

        return claims;
    }

    /// <summary>QR text from an argument: an image (via zbarimg), a text file, or the text itself.</summary>
    private static async Task<(string? Value, string? Error)> ReadQrAsync(string argument, CancellationToken cancellationToken)
    {
        if (!File.Exists(argument))
        {
            return (argument.Trim(), null);
        }

        var extension = Path.GetExtension(argument).ToUpperInvariant();
        if (extension is ".PNG" or ".JPG" or ".JPEG" or ".GIF" or ".BMP")
        {
            var zbar = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, "zbarimg")).FirstOrDefault(File.Exists);
            if (zbar is null)
            {
                return (null, "Reading a QR from an image needs zbarimg (Debian/Ubuntu: apt-get install zbar-tools); or pass the QR text.");
            }

            var start = new ProcessStartInfo(zbar) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--raw", "-q", "-Sdisable", "-Sqrcode.enable", argument })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var first = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return process.ExitCode == 0 && first is not null ? (first, null) : (null, "zbarimg found no QR code in the image.");
        }

        var text = await File.ReadAllTextAsync(argument, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        return (text.Trim(), null);
    }

    private static async Task<(TrustList? Value, string? Error)> LoadTrustAsync(string argument, CancellationToken cancellationToken)
    {
        var content = File.Exists(argument) ? await File.ReadAllTextAsync(argument, cancellationToken).ConfigureAwait(false) : argument;
        return TrustList.TryParse(content, out var list, out var error) ? (list, null) : (null, error);
    }

    /// <summary>The result of <c>eid qr issue</c>.</summary>
    /// <param name="Out">Where the QR was written.</param>
    /// <param name="Characters">Length of the Base45 text.</param>
    /// <param name="Version">QR version at the chosen error correction.</param>
    /// <param name="ErrorCorrection">The error-correction level.</param>
    /// <param name="Serial">The credential serial (cti, hex).</param>
    /// <param name="KeyId">The signing key id.</param>
    /// <param name="ExpiresAt">Expiry.</param>
    public sealed record QrIssueResult(string Out, int Characters, int Version, string ErrorCorrection, string? Serial, string? KeyId, DateTimeOffset? ExpiresAt);

    /// <summary>The result of <c>eid qr decode</c> and <c>eid qr verify</c>.</summary>
    /// <param name="Valid">Decoded (decode) or verified (verify).</param>
    /// <param name="Error">Why not.</param>
    /// <param name="Message">Detail.</param>
    /// <param name="Metadata">The CWT envelope.</param>
    /// <param name="Claims">The Claim 169 identity (masked unless <c>--unmasked</c>).</param>
    public sealed record QrDecodeResult(bool Valid, string? Error, string? Message, JsonObject? Metadata, JsonObject? Claims);
}
