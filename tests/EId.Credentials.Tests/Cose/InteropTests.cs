using System.Text.Json.Nodes;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Transport;

namespace EId.Credentials.Tests.Cose;

/// <summary>Our COSE_Sign1 checked by an independent implementation: Node's Ed25519 over a Sig_structure rebuilt with cborg.</summary>
public sealed class InteropTests
{
    private static readonly Lazy<string?> Prepared = new(Prepare);

    private static string ToolDirectory => Path.Combine(EId.Testing.SharedData.RepoRoot, "tools", "interop");

    /// <summary>Installs the pinned npm packages into the git-ignored node_modules once; returns a skip reason or null.</summary>
    private static string? Prepare()
    {
        if (ExternalTool.Find("node") is null || ExternalTool.Find("npm") is not { } npm)
        {
            return "node/npm are not installed.";
        }

        if (!File.Exists(Path.Combine(ToolDirectory, "package-lock.json")))
        {
            return "tools/interop is absent.";
        }

        if (Directory.Exists(Path.Combine(ToolDirectory, "node_modules", "cborg")))
        {
            return null;
        }

        var (exit, _, stderr) = ExternalTool.Run(npm, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], ToolDirectory, 300_000);
        return exit == 0 ? null : "npm ci failed (registry unreachable?): " + stderr[..Math.Min(300, stderr.Length)];
    }

    private static (int Exit, JsonObject? Result) NodeVerify(byte[] cose, byte[] publicKey)
    {
        var (exit, stdout, _) = ExternalTool.Run(ExternalTool.Find("node")!, ["verify-cose.mjs", Convert.ToHexStringLower(cose), Convert.ToHexStringLower(publicKey)], ToolDirectory);
        return (exit, stdout.Length > 0 ? JsonNode.Parse(stdout)?.AsObject() : null);
    }

    [Fact]
    public void Node_accepts_our_signature_and_rejects_tampering()
    {
        Assert.SkipWhen(Prepared.Value is not null, Prepared.Value ?? string.Empty);
        using var key = IssuerSigningKey.Generate();
        var qr = Claim169Encoder.Encode(TestCredentials.Claims(), key);

        // Go through the QR text exactly as a scanner would see it.
        Assert.True(Base45.TryDecode(qr, out var compressed));
        Assert.True(Zlib.TryDecompress(compressed, 65536, out var cose));

        var (exit, result) = NodeVerify(cose, key.PublicKey);
        Assert.Equal(0, exit);
        Assert.True(result!["valid"]!.GetValue<bool>());
        Assert.Equal(-8, result["alg"]!.GetValue<int>());
        Assert.Equal(key.KeyIdHex, result["kid"]!.GetValue<string>());
        Assert.Equal(TestCredentials.Issuer, result["iss"]!.GetValue<string>());
        Assert.True(result["hasClaim169"]!.GetValue<bool>());

        // Last byte of the signature flipped: Node must refuse it too.
        var tampered = (byte[])cose.Clone();
        tampered[^1] ^= 0x01;
        Assert.Equal(1, NodeVerify(tampered, key.PublicKey).Exit);

        using var other = IssuerSigningKey.Generate();
        Assert.Equal(1, NodeVerify(cose, other.PublicKey).Exit);
    }
}
