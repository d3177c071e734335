using NSec.Cryptography;

namespace EId.Postal.Verdicts;

/// <summary>
/// Reads signed verdicts and checks them against a trust list of identity-server keys (key id → raw Ed25519 public key).
/// Checks form and signature only; binding, freshness and replay are the postal server's (<see cref="VerdictIntake"/>).
/// Never throws for bad input.
/// </summary>
public sealed class VerdictVerifier
{
    private readonly Dictionary<string, PublicKey> _trusted = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier that trusts <paramref name="trustedKeys"/>.</summary>
    /// <param name="trustedKeys">Key id → raw 32-byte Ed25519 public key.</param>
    /// <exception cref="ArgumentException">A key is not a valid Ed25519 public key, or a key id repeats.</exception>
    public VerdictVerifier(IEnumerable<KeyValuePair<string, byte[]>> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        foreach (var (keyId, raw) in trustedKeys)
        {
            if (string.IsNullOrWhiteSpace(keyId) || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key) || key is null)
            {
                throw new ArgumentException($"Trusted verdict key '{keyId}' is not a 32-byte Ed25519 public key.", nameof(trustedKeys));
            }

            if (!_trusted.TryAdd(keyId, key))
            {
                throw new ArgumentException($"Trusted verdict key id '{keyId}' appears twice.", nameof(trustedKeys));
            }
        }
    }

    /// <summary>The trusted key ids.</summary>
    public IReadOnlyCollection<string> TrustedKeyIds => _trusted.Keys;

    /// <summary>Parses <paramref name="signedVerdict"/> and checks its signature by a trusted key.</summary>
    /// <param name="signedVerdict">The bytes <see cref="VerdictSigner.Sign"/> produced.</param>
    /// <returns>The verdict, or why it is refused (<see cref="VerdictError.Malformed"/>, <see cref="VerdictError.UnsupportedVersion"/>,
    /// <see cref="VerdictError.UntrustedKey"/>, <see cref="VerdictError.BadSignature"/>).</returns>
    public Result<IdentityVerdict, Failure<VerdictError>> Verify(ReadOnlySpan<byte> signedVerdict)
    {
        if (VerdictCodec.TryDecode(signedVerdict, out var verdict, out var signedLength, out var signature) is { } error)
        {
            return new Failure<VerdictError>(error, error == VerdictError.UnsupportedVersion ? "The verdict's version is not supported." : "The verdict is not well formed.");
        }

        if (!_trusted.TryGetValue(verdict!.KeyId, out var key))
        {
            return new Failure<VerdictError>(VerdictError.UntrustedKey, "The verdict is signed by a key that is not trusted.");
        }

        return SignatureAlgorithm.Ed25519.Verify(key, signedVerdict[..signedLength], signature)
            ? verdict
            : new Failure<VerdictError>(VerdictError.BadSignature, "The verdict's signature does not verify.");
    }
}
