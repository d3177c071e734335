using System.Text.Json.Nodes;
using EId.Credentials.Claims;
using EId.Credentials.Cose;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Credentials.Tests.Verification;

/// <summary>Every MOSIP Claim 169 vector in ../shared/claim169-vectors (valid, edge, invalid).</summary>
public sealed class ConformanceVectorTests
{
    /// <summary>
    /// Places where a vector's expectation contradicts its own <c>qr_data</c>. with-face: the QR holds the bytes
    /// FF D8 FF E0 00 10 (a JPEG SOI + APP0 marker, Base64 "/9j/4AAQ"); the expectation "//3+4AAQ" is FF FD FE E0 00 10.
    /// The test asserts both the bytes actually carried and that the vector still says what is recorded here.
    /// </summary>
    private static readonly Dictionary<string, (string VectorSays, string QrHolds)> KnownDiscrepancies = new()
    {
        ["valid/with-face.json:claim169.face[0].data"] = ("//3+4AAQ", "/9j/4AAQ"),
    };

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        var root = EId.Testing.SharedData.Root is { } shared ? Path.Combine(shared, "claim169-vectors") : null;
        if (root is null || !Directory.Exists(root))
        {
            data.Add("(absent)");
            return data;
        }

        foreach (var file in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Every_category_has_vectors()
    {
        var root = EId.Testing.SharedData.Require("claim169-vectors");
        foreach (var category in new[] { "valid", "edge", "invalid" })
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, category), "*.json"));
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_decodes_to_its_expected_claims_metadata_or_error(string relative)
    {
        var root = EId.Testing.SharedData.Require("claim169-vectors");
        Assert.SkipWhen(relative == "(absent)", "No vectors.");
        var path = Path.Combine(root, relative);
        var vector = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var qr = vector["qr_data"]!.GetValue<string>();
        var keys = vector["encryption_key"]?["symmetric_key_hex"] is { } aes ? new[] { (ReadOnlyMemory<byte>)Convert.FromHexString(aes.GetValue<string>()) } : null;

        var result = Claim169Decoder.Decode(qr, decryptionKeys: keys);

        if (vector["expected_error"] is { } expectedError)
        {
            var expected = expectedError.GetValue<string>() switch
            {
                "Base45Decode" => CredentialError.BadBase45,
                "Decompress" => CredentialError.BadCompression,
                "CoseParse" => CredentialError.BadCose,
                "Claim169NotFound" => CredentialError.MissingIdentity,
                var other => throw new InvalidOperationException("Unmapped vector error " + other),
            };
            var actual = result.IsSuccess
                ? (result.Value.Claims.Identity is null ? CredentialError.MissingIdentity : (CredentialError?)null)
                : result.Error.Reason;
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(result.IsSuccess, result.ToString());
        var decoded = result.Value;
        Assert.NotNull(decoded.Claims.Identity);
        Assert.Equal(keys is not null, decoded.WasEncrypted);
        AssertSubset(vector["expected_claim169"]!.AsObject(), IdentityClaimsJson.ToJson(decoded.Claims.Identity), relative + ":claim169");
        AssertSubset(vector["expected_cwt_meta"]!.AsObject(), IdentityClaimsJson.ToJson(decoded.Claims), relative + ":cwt");

        if (vector["signing_key"] is { } signingKey)
        {
            VerifySignature(decoded, signingKey.AsObject());
        }
    }

    [Fact]
    public void Unknown_fields_are_preserved_on_re_encode()
    {
        var path = EId.Testing.SharedData.Require("claim169-vectors/edge/unknown-fields.json");
        var qr = JsonNode.Parse(File.ReadAllText(path))!["qr_data"]!.GetValue<string>();
        var decoded = Claim169Decoder.Decode(qr).GetValueOrThrow();
        var identity = decoded.Claims.Identity!;
        Assert.NotEmpty(identity.UnknownFields);

        using var key = IssuerSigningKey.Generate();
        var again = Claim169Decoder.Decode(EId.Credentials.Issuing.Claim169Encoder.Encode(decoded.Claims, key)).GetValueOrThrow().Claims.Identity!;
        Assert.Equal(identity.UnknownFields.Select(f => (f.Key, Convert.ToHexString(f.Value.Span))), again.UnknownFields.Select(f => (f.Key, Convert.ToHexString(f.Value.Span))));
        Assert.Equal(identity.FullName, again.FullName);
    }

    private static void VerifySignature(DecodedCredential decoded, JsonObject signingKey)
    {
        Assert.NotNull(decoded.Message);
        var algorithm = signingKey["algorithm"]!.GetValue<string>() == "ES256" ? CoseAlgorithm.Es256 : CoseAlgorithm.EdDsa;
        var publicKey = Convert.FromHexString(signingKey["public_key_hex"]!.GetValue<string>());
        var trusted = new TrustedIssuerKey(decoded.Message!.KeyId, algorithm, publicKey, decoded.Claims.Issuer);
        var clock = new FakeTimeProvider(decoded.Metadata.IssuedAt!.Value.AddDays(1));
        var verifier = new Claim169Verifier(new TrustList([trusted]), Options.Create(new CredentialVerifierOptions()), clock);
        var verdict = verifier.VerifyOffline(decoded);
        Assert.True(verdict.IsValid, verdict.Message);

        // A different key must not verify it.
        using var other = IssuerSigningKey.Generate();
        if (algorithm == CoseAlgorithm.EdDsa)
        {
            var wrong = new Claim169Verifier(new TrustList([new TrustedIssuerKey(decoded.Message!.KeyId, algorithm, other.PublicKey)]), null, clock);
            Assert.Equal(CredentialError.BadSignature, wrong.VerifyOffline(decoded).Error);
        }

        // Ed25519 is deterministic: our signer, given the published private key, reproduces the vector's signature.
        if (signingKey["private_key_hex"] is { } privateHex && algorithm == CoseAlgorithm.EdDsa)
        {
            using var key = IssuerSigningKey.FromSeed(Convert.FromHexString(privateHex.GetValue<string>()));
            Assert.Equal(publicKey, key.PublicKey);
            Assert.Equal(decoded.Message.Signature.ToArray(), key.Sign(decoded.Message.ToBeSigned()));
        }
    }

    private static void AssertSubset(JsonObject expected, JsonObject actual, string path)
    {
        foreach (var (name, value) in expected)
        {
            Assert.True(actual.ContainsKey(name), $"{path}.{name} missing");
            AssertNode(value, actual[name], $"{path}.{name}");
        }
    }

    private static void AssertNode(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject obj:
                AssertSubset(obj, Assert.IsType<JsonObject>(actual), path);
                break;
            case JsonArray array:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.Equal(array.Count, actualArray.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    AssertNode(array[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            default:
                if (KnownDiscrepancies.TryGetValue(path, out var known))
                {
                    Assert.Equal(known.VectorSays, expected?.GetValue<string>());
                    Assert.Equal(known.QrHolds, actual?.GetValue<string>());
                    break;
                }

                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
