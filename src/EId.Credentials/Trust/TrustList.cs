using System.Text.Json;
using System.Text.Json.Serialization;
using EId.Credentials.Cose;

namespace EId.Credentials.Trust;

/// <summary>
/// The issuer keys a verifier trusts, looked up by kid. Several keys may be live at once (rotation:
/// the old key stays trusted for credentials it issued while valid). Immutable and thread-safe.
/// JSON form: <c>{"keys":[{"kid":"hex","alg":"EdDSA","publicKey":"hex","issuer":"…","validFrom":"…","validUntil":"…"}]}</c>,
/// optionally with <c>"retiredAt":"…","retirementSignature":"hex"</c> (the key's own signature over its retirement; a list
/// whose retirement does not verify is refused). Files without retirements read as before.
/// </summary>
public sealed class TrustList
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly Dictionary<string, List<TrustedIssuerKey>> _byKid;

    /// <summary>Creates a trust list.</summary>
    public TrustList(IEnumerable<TrustedIssuerKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = [.. keys];
        _byKid = Keys.GroupBy(k => k.KeyIdHex).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>An empty trust list (verifies nothing).</summary>
    public static TrustList Empty { get; } = new([]);

    /// <summary>All keys.</summary>
    public IReadOnlyList<TrustedIssuerKey> Keys { get; }

    /// <summary>A new list with <paramref name="key"/> added.</summary>
    public TrustList With(TrustedIssuerKey key) => new([.. Keys, key]);

    /// <summary>
    /// A new list in which every entry for <paramref name="key"/> (same kid and public key) is retired at
    /// <paramref name="retiredAt"/>, signed by the key: from then on it verifies nothing (see <see cref="TrustedIssuerKey.RetiredAt"/>).
    /// </summary>
    public TrustList Retire(global::EId.Credentials.Keys.IssuerSigningKey key, DateTimeOffset retiredAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignRetirement(retiredAt);
        return new([.. Keys.Select(k => k.KeyId.Span.SequenceEqual(key.KeyId.Span) && k.PublicKey.Span.SequenceEqual(key.PublicKey)
            ? k.WithRetirement(retiredAt, signature)!
            : k)]);
    }

    /// <summary>
    /// Candidate keys for a message: by kid when it has one; otherwise (issuers that send no kid)
    /// keys with an empty kid whose issuer matches, or which are not bound to an issuer.
    /// </summary>
    public IEnumerable<TrustedIssuerKey> Candidates(ReadOnlySpan<byte> keyId, string? issuer)
    {
        if (!keyId.IsEmpty)
        {
            return _byKid.TryGetValue(Convert.ToHexStringLower(keyId), out var list) ? list : [];
        }

        return Keys.Where(k => k.KeyId.IsEmpty && (k.Issuer is null || k.Issuer == issuer)).ToList();
    }

    /// <summary>Parses the JSON form. Returns false (with a reason) on malformed input; never throws on bad text.</summary>
    public static bool TryParseJson(string json, out TrustList list, out string error)
    {
        list = Empty;
        error = string.Empty;
        try
        {
            var document = JsonSerializer.Deserialize<TrustListDocument>(json, JsonOptions);
            if (document?.Keys is null)
            {
                error = "No \"keys\" array.";
                return false;
            }

            var keys = new List<TrustedIssuerKey>();
            foreach (var entry in document.Keys)
            {
                var alg = entry.Alg switch
                {
                    null or "EdDSA" or "Ed25519" => CoseAlgorithm.EdDsa,
                    "ES256" => CoseAlgorithm.Es256,
                    _ => CoseAlgorithm.None,
                };
                var key = new TrustedIssuerKey(Convert.FromHexString(entry.Kid ?? string.Empty), alg, Convert.FromHexString(entry.PublicKey ?? string.Empty), entry.Issuer, entry.ValidFrom, entry.ValidUntil);
                if (entry.RetiredAt is { } retiredAt)
                {
                    // Refuse the whole list rather than drop a retirement silently: dropping it would trust a retired key again.
                    if (key.WithRetirement(retiredAt, Convert.FromHexString(entry.RetirementSignature ?? string.Empty)) is not { } retired)
                    {
                        error = $"The retirement of key {key.KeyIdHex} is not signed by that key.";
                        return false;
                    }

                    key = retired;
                }

                keys.Add(key);
            }

            list = new TrustList(keys);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            error = "Malformed trust list: " + e.GetType().Name;
            return false;
        }
    }

    /// <summary>
    /// Reads a trust list from text: the JSON form, an Ed25519 public key PEM (SubjectPublicKeyInfo), or a raw
    /// public key as 64 hex characters. A bare key is trusted under its derived kid (as <see cref="global::EId.Credentials.Keys.IssuerSigningKey"/>
    /// assigns it) and for issuers that send no kid. Never throws on bad text.
    /// </summary>
    public static bool TryParse(string text, out TrustList list, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            return TryParseJson(trimmed, out list, out error);
        }

        list = Empty;
        error = string.Empty;
        byte[]? raw = null;
        if (trimmed.StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            if (NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, System.Text.Encoding.ASCII.GetBytes(trimmed), NSec.Cryptography.KeyBlobFormat.PkixPublicKeyText, out var imported) && imported is not null)
            {
                raw = imported.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
            }
        }
        else if (trimmed.Length == 64 && trimmed.All(Uri.IsHexDigit))
        {
            raw = Convert.FromHexString(trimmed);
        }

        if (raw is null)
        {
            error = "Expected a trust list JSON, an Ed25519 public key PEM, or 64 hex characters.";
            return false;
        }

        list = new TrustList([
            new TrustedIssuerKey(global::EId.Credentials.Keys.IssuerSigningKey.DeriveKeyId(raw), CoseAlgorithm.EdDsa, raw),
            new TrustedIssuerKey(ReadOnlyMemory<byte>.Empty, CoseAlgorithm.EdDsa, raw),
        ]);
        return true;
    }

    /// <summary>Serializes to the JSON form.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new TrustListDocument
        {
            Keys = [.. Keys.Select(k => new TrustListEntry
            {
                Kid = k.KeyIdHex,
                Alg = k.Algorithm == CoseAlgorithm.Es256 ? "ES256" : "EdDSA",
                PublicKey = Convert.ToHexStringLower(k.PublicKey.Span),
                Issuer = k.Issuer,
                ValidFrom = k.ValidFrom,
                ValidUntil = k.ValidUntil,
                RetiredAt = k.RetiredAt,
                RetirementSignature = k.RetiredAt is null ? null : Convert.ToHexStringLower(k.RetirementSignature.Span),
            })],
        },
        JsonOptions);

    private sealed class TrustListDocument
    {
        [JsonPropertyName("keys")]
        public List<TrustListEntry>? Keys { get; set; }
    }

    private sealed class TrustListEntry
    {
        [JsonPropertyName("kid")]
        public string? Kid { get; set; }

        [JsonPropertyName("alg")]
        public string? Alg { get; set; }

        [JsonPropertyName("publicKey")]
        public string? PublicKey { get; set; }

        [JsonPropertyName("issuer")]
        public string? Issuer { get; set; }

        [JsonPropertyName("validFrom")]
        public DateTimeOffset? ValidFrom { get; set; }

        [JsonPropertyName("validUntil")]
        public DateTimeOffset? ValidUntil { get; set; }

        [JsonPropertyName("retiredAt")]
        public DateTimeOffset? RetiredAt { get; set; }

        [JsonPropertyName("retirementSignature")]
        public string? RetirementSignature { get; set; }
    }
}
