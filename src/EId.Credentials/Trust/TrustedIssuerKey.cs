using System.Security.Cryptography;
using EId.Credentials.Cose;
using NSec.Cryptography;

namespace EId.Credentials.Trust;

/// <summary>
/// A public key a verifier trusts, by COSE key id, with the period in which it may sign
/// (<see cref="ValidFrom"/>..<see cref="ValidUntil"/>) and an optional signed retirement (<see cref="RetiredAt"/>).
/// Times are kept in whole seconds (floored), as CWT times are, so a credential issued in a key's first second is inside its window.
/// </summary>
public sealed class TrustedIssuerKey
{
    private static readonly byte[] RetirementContext = "EId key retirement v1\0"u8.ToArray();
    private readonly PublicKey? _ed25519;

    /// <summary>Creates a trust entry.</summary>
    /// <param name="keyId">The COSE kid (may be empty for issuers that send none; then matched by <paramref name="issuer"/>).</param>
    /// <param name="algorithm">EdDSA/Ed25519 (raw 32-byte key) or ES256 (uncompressed 65-byte P-256 point).</param>
    /// <param name="publicKey">The public key bytes.</param>
    /// <param name="issuer">The issuer URI this key signs for, if restricted.</param>
    /// <param name="validFrom">Earliest issuance time the key may sign.</param>
    /// <param name="validUntil">Latest issuance time the key may sign (planned end of its signing period).</param>
    /// <exception cref="ArgumentException">The key does not fit the algorithm.</exception>
    public TrustedIssuerKey(ReadOnlyMemory<byte> keyId, CoseAlgorithm algorithm, ReadOnlyMemory<byte> publicKey, string? issuer = null, DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null)
    {
        KeyId = keyId.ToArray();
        Algorithm = algorithm;
        PublicKey = publicKey.ToArray();
        Issuer = issuer;
        ValidFrom = WholeSeconds(validFrom);
        ValidUntil = WholeSeconds(validUntil);
        switch (algorithm)
        {
            case CoseAlgorithm.EdDsa or CoseAlgorithm.Ed25519:
                if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, PublicKey.Span, KeyBlobFormat.RawPublicKey, out _ed25519))
                {
                    throw new ArgumentException("Not a raw Ed25519 public key.", nameof(publicKey));
                }

                break;
            case CoseAlgorithm.Es256:
                if (PublicKey.Length != 65 || PublicKey.Span[0] != 0x04)
                {
                    throw new ArgumentException("An ES256 key must be an uncompressed P-256 point (65 bytes).", nameof(publicKey));
                }

                break;
            default:
                throw new ArgumentException("Unsupported signature algorithm.", nameof(algorithm));
        }
    }

    /// <summary>The COSE kid.</summary>
    public ReadOnlyMemory<byte> KeyId { get; }

    /// <summary>The kid as lowercase hex.</summary>
    public string KeyIdHex => Convert.ToHexStringLower(KeyId.Span);

    /// <summary>The signature algorithm.</summary>
    public CoseAlgorithm Algorithm { get; }

    /// <summary>The public key bytes.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The issuer URI, when the key is restricted to one.</summary>
    public string? Issuer { get; }

    /// <summary>Earliest issuance time the key may sign.</summary>
    public DateTimeOffset? ValidFrom { get; }

    /// <summary>Latest issuance time the key may sign (the planned end of its signing period).</summary>
    public DateTimeOffset? ValidUntil { get; }

    /// <summary>
    /// When the key was retired early (e.g. suspected leak), as signed in <see cref="RetirementSignature"/>: from then on the
    /// key verifies nothing, whatever <c>iat</c> a credential claims, because a leaked key can back-date <c>iat</c>.
    /// </summary>
    public DateTimeOffset? RetiredAt { get; private init; }

    /// <summary>The key's own signature over its retirement (see <see cref="RetirementStatement"/>); empty when not retired.</summary>
    public ReadOnlyMemory<byte> RetirementSignature { get; private init; }

    /// <summary>True when <paramref name="time"/> is inside the key's signing period and before its retirement.</summary>
    public bool IsValidAt(DateTimeOffset time) =>
        (ValidFrom is null || time >= ValidFrom) && (ValidUntil is null || time <= ValidUntil) && (RetiredAt is null || time < RetiredAt);

    /// <summary>
    /// The bytes a retirement signature covers: a fixed context string, the kid, and the retirement time in Unix seconds
    /// (8 bytes, big-endian). Signed by the retired key itself, so only its holder can retire it (and a retirement notice
    /// can be pre-signed and kept offline, in case the key is lost).
    /// </summary>
    public static byte[] RetirementStatement(ReadOnlySpan<byte> keyId, DateTimeOffset retiredAt)
    {
        var statement = new byte[RetirementContext.Length + keyId.Length + 8];
        RetirementContext.CopyTo(statement, 0);
        keyId.CopyTo(statement.AsSpan(RetirementContext.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(statement.AsSpan(statement.Length - 8), retiredAt.ToUnixTimeSeconds());
        return statement;
    }

    /// <summary>
    /// This key retired at <paramref name="retiredAt"/>, if <paramref name="signature"/> is the key's signature over
    /// <see cref="RetirementStatement"/>; null when it is not (a forged or damaged retirement).
    /// </summary>
    public TrustedIssuerKey? WithRetirement(DateTimeOffset retiredAt, ReadOnlyMemory<byte> signature)
    {
        var at = WholeSeconds(retiredAt)!.Value;
        if (!Verify(RetirementStatement(KeyId.Span, at), signature.Span))
        {
            return null;
        }

        return new TrustedIssuerKey(KeyId, Algorithm, PublicKey, Issuer, ValidFrom, ValidUntil) { RetiredAt = at, RetirementSignature = signature.ToArray() };
    }

    /// <summary>True when a message's <c>alg</c> header may be verified with this key.</summary>
    public bool Accepts(int? algorithm) => Algorithm switch
    {
        CoseAlgorithm.EdDsa or CoseAlgorithm.Ed25519 => algorithm is (int)CoseAlgorithm.EdDsa or (int)CoseAlgorithm.Ed25519,
        _ => algorithm == (int)Algorithm,
    };

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/>. Never throws.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (_ed25519 is not null)
        {
            return SignatureAlgorithm.Ed25519.Verify(_ed25519, data, signature);
        }

        if (signature.Length != 64)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = PublicKey.Span[1..33].ToArray(), Y = PublicKey.Span[33..].ToArray() },
            });
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    // CWT times are whole seconds; flooring makes a key created at 12:00:00.7 valid for a credential with iat 12:00:00.
    private static DateTimeOffset? WholeSeconds(DateTimeOffset? time) =>
        time is { } t ? DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds()) : null;

    /// <summary>Shows the kid and issuer only.</summary>
    public override string ToString() => $"TrustedIssuerKey(kid={KeyIdHex}, {Algorithm}, issuer={Issuer})";
}
