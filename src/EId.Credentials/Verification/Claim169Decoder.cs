using System.Formats.Cbor;
using EId.Credentials.Claims;
using EId.Credentials.Cose;
using EId.Credentials.Transport;

namespace EId.Credentials.Verification;

/// <summary>
/// Decodes Claim 169 QR text: Base45 → zlib → (COSE_Encrypt0 →) COSE_Sign1 → CWT → claim 169.
/// Checks structure only, not signature or time (see <see cref="Claim169Verifier"/>). Never throws on bad input.
/// </summary>
public static class Claim169Decoder
{
    /// <summary>Decodes <paramref name="qrText"/>.</summary>
    /// <param name="qrText">The QR payload.</param>
    /// <param name="limits">Size and depth limits; <see cref="DecodingLimits.Default"/> when null.</param>
    /// <param name="decryptionKeys">AES keys for encrypted credentials.</param>
    /// <returns>The decoded credential, or why it could not be decoded.</returns>
    public static Result<DecodedCredential, Failure<CredentialError>> Decode(string? qrText, DecodingLimits? limits = null, IReadOnlyList<ReadOnlyMemory<byte>>? decryptionKeys = null)
    {
        limits ??= DecodingLimits.Default;
        if (qrText is null)
        {
            return Fail(CredentialError.BadBase45, "No text.");
        }

        if (qrText.Length > limits.MaxTextLength)
        {
            return Fail(CredentialError.TooLarge, $"QR text longer than {limits.MaxTextLength} characters.");
        }

        // Scanners sometimes add a trailing newline; and some producers prefix "HC1:"-style context ids, which Claim 169 does not use.
        var text = qrText.AsSpan().TrimEnd("\r\n");
        if (!Base45.TryDecode(text, out var compressed))
        {
            return Fail(CredentialError.BadBase45, "Not valid Base45.");
        }

        if (!Zlib.TryDecompress(compressed, limits.MaxDecompressedBytes, out var cose))
        {
            return Fail(CredentialError.BadCompression, "Not a valid zlib stream, or larger than the decompression cap.");
        }

        return DecodeCose(cose, limits, decryptionKeys);
    }

    /// <summary>Decodes already-decompressed COSE bytes (COSE_Sign1, possibly inside COSE_Encrypt0).</summary>
    public static Result<DecodedCredential, Failure<CredentialError>> DecodeCose(ReadOnlyMemory<byte> cose, DecodingLimits? limits = null, IReadOnlyList<ReadOnlyMemory<byte>>? decryptionKeys = null)
    {
        limits ??= DecodingLimits.Default;
        if (!CborGuard.IsWellFormed(cose, limits.MaxCborDepth))
        {
            return Fail(CredentialError.BadCbor, "Malformed or too deeply nested CBOR.");
        }

        var encrypted = false;
        if (CoseEncrypt0.LooksLikeEncrypt0(cose.Span))
        {
            if (decryptionKeys is null or { Count: 0 } || !CoseEncrypt0.TryDecrypt(cose, decryptionKeys, out var inner))
            {
                return Fail(CredentialError.BadCose, "Encrypted credential (COSE_Encrypt0) and no key decrypts it.");
            }

            if (!CborGuard.IsWellFormed(inner, limits.MaxCborDepth))
            {
                return Fail(CredentialError.BadCbor, "Malformed or too deeply nested CBOR inside the encryption.");
            }

            cose = inner;
            encrypted = true;
        }

        ReadOnlyMemory<byte> payload;
        CoseSign1? message = null;
        if (CoseSign1.TryParse(cose, out var parsed) && parsed is not null)
        {
            message = parsed;
            payload = parsed.Payload;
            if (!CborGuard.IsWellFormed(payload, limits.MaxCborDepth))
            {
                return Fail(CredentialError.BadCbor, "The payload is not well-formed CBOR.");
            }
        }
        else if (encrypted && cose.Length > 0 && (cose.Span[0] >> 5) == 5)
        {
            // An encrypted-only credential: COSE_Encrypt0 around a bare CWT claims map (authenticated by AES-GCM, not signed).
            payload = cose;
        }
        else
        {
            return Fail(CredentialError.BadCose, "Not a COSE_Sign1 structure.");
        }

        CwtClaims claims;
        try
        {
            claims = CwtClaimsCodec.Decode(payload);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return Fail(CredentialError.BadClaim, "A CWT or claim 169 field has the wrong type or value.");
        }

        var metadata = CredentialMapping.ToMetadata(claims, message is null ? default : message.KeyId.Span);
        var subject = claims.Identity is { } identity ? CredentialMapping.ToSubject(identity) : null;
        return Result<DecodedCredential, Failure<CredentialError>>.Success(new DecodedCredential(message, claims, metadata, subject, encrypted));
    }

    private static Result<DecodedCredential, Failure<CredentialError>> Fail(CredentialError error, string message) =>
        Result<DecodedCredential, Failure<CredentialError>>.Failure(new Failure<CredentialError>(error, message));
}
