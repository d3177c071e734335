using EId.Credentials.Claims;
using EId.Credentials.Cose;
using EId.Credentials.Transport;
using EId.Credentials.Keys;

namespace EId.Credentials.Issuing;

/// <summary>The issuing pipeline: CWT claims → COSE_Sign1 (EdDSA, kid) → (COSE_Encrypt0 →) zlib → Base45.</summary>
public static class Claim169Encoder
{
    /// <summary>Signs <paramref name="claims"/> as a tagged COSE_Sign1.</summary>
    public static byte[] Sign(CwtClaims claims, IssuerSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        var payload = CwtClaimsCodec.Encode(claims);
        var protectedHeader = CoseSign1.BuildProtectedHeader(IssuerSigningKey.Algorithm, key.KeyId.Span);
        var signature = key.Sign(CoseSign1.BuildToBeSigned(protectedHeader, payload));
        return new CoseSign1(protectedHeader, (int)IssuerSigningKey.Algorithm, key.KeyId, payload, signature).Encode();
    }

    /// <summary>Compresses and Base45-encodes COSE bytes into QR text.</summary>
    public static string ToQrText(ReadOnlySpan<byte> cose) => Base45.Encode(Zlib.Compress(cose));

    /// <summary>Signs and encodes <paramref name="claims"/> into QR text.</summary>
    /// <param name="claims">The claims set.</param>
    /// <param name="key">The issuer key.</param>
    /// <param name="encryptionKey">When given (32 bytes), wraps the signed message in COSE_Encrypt0 (A256GCM).</param>
    public static string Encode(CwtClaims claims, IssuerSigningKey key, ReadOnlySpan<byte> encryptionKey = default)
    {
        var cose = Sign(claims, key);
        return ToQrText(encryptionKey.IsEmpty ? cose : CoseEncrypt0.Encrypt(cose, encryptionKey));
    }
}
