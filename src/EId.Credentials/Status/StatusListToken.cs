using System.Formats.Cbor;
using EId.Credentials.Cose;
using EId.Credentials.Transport;
using EId.Credentials.Keys;
using EId.Credentials.Trust;

namespace EId.Credentials.Status;

/// <summary>
/// The signed status list (IETF Token Status List, CWT form): a COSE_Sign1 over the claims
/// <c>{2 sub: uri, 6 iat, 4 exp, 65534 ttl, 65533 status_list: {"bits": 1, "lst": zlib(bits)}}</c>.
/// </summary>
public static class StatusListToken
{
    private const long StatusListClaim = 65533;
    private const long TimeToLiveClaim = 65534;

    /// <summary>Signs <paramref name="list"/> as a status list token.</summary>
    /// <param name="list">The bits.</param>
    /// <param name="uri">The list's identifier, as referenced by credentials.</param>
    /// <param name="key">The issuer's key.</param>
    /// <param name="issuedAt">Signing time.</param>
    /// <param name="timeToLive">How long verifiers may cache it (also sets exp).</param>
    public static byte[] Issue(StatusList list, string uri, IssuerSigningKey key, DateTimeOffset issuedAt, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(key);
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(5);
        writer.WriteInt32(2);
        writer.WriteTextString(uri);
        writer.WriteInt32(4);
        writer.WriteInt64((issuedAt + timeToLive).ToUnixTimeSeconds());
        writer.WriteInt32(6);
        writer.WriteInt64(issuedAt.ToUnixTimeSeconds());
        writer.WriteInt64(StatusListClaim);
        writer.WriteStartMap(2);
        writer.WriteTextString("bits");
        writer.WriteInt32(1);
        writer.WriteTextString("lst");
        writer.WriteByteString(Zlib.Compress(list.Bits));
        writer.WriteEndMap();
        writer.WriteInt64(TimeToLiveClaim);
        writer.WriteInt64((long)timeToLive.TotalSeconds);
        writer.WriteEndMap();
        var payload = writer.Encode();
        var protectedHeader = CoseSign1.BuildProtectedHeader(IssuerSigningKey.Algorithm, key.KeyId.Span);
        var signature = key.Sign(CoseSign1.BuildToBeSigned(protectedHeader, payload));
        return new CoseSign1(protectedHeader, (int)IssuerSigningKey.Algorithm, key.KeyId, payload, signature).Encode();
    }

    /// <summary>Verifies a status list token against <paramref name="trust"/> and reads it. Never throws on bad input.</summary>
    /// <param name="token">The COSE_Sign1 bytes.</param>
    /// <param name="trust">The issuer keys.</param>
    /// <param name="maxBitsBytes">Largest accepted decompressed bit array.</param>
    /// <param name="snapshot">The list on success.</param>
    /// <returns>False when the token is malformed, unsigned by a trusted key, or not a 1-bit list.</returns>
    public static bool TryVerify(ReadOnlyMemory<byte> token, TrustList trust, int maxBitsBytes, out StatusListSnapshot? snapshot) =>
        TryVerify(token, trust, maxBitsBytes, out snapshot, out _);

    /// <summary>
    /// Verifies a status list token against <paramref name="trust"/> and reads it, also returning the key that signed it so
    /// the caller can check that key's issuer binding and validity period (as for credentials). Never throws on bad input.
    /// </summary>
    /// <param name="token">The COSE_Sign1 bytes.</param>
    /// <param name="trust">The issuer keys.</param>
    /// <param name="maxBitsBytes">Largest accepted decompressed bit array.</param>
    /// <param name="snapshot">The list on success.</param>
    /// <param name="signer">The trusted key whose signature verified, on success.</param>
    /// <returns>False when the token is malformed, unsigned by a trusted key, or not a 1-bit list.</returns>
    public static bool TryVerify(ReadOnlyMemory<byte> token, TrustList trust, int maxBitsBytes, out StatusListSnapshot? snapshot, out TrustedIssuerKey? signer)
    {
        ArgumentNullException.ThrowIfNull(trust);
        snapshot = null;
        signer = null;
        if (!CborGuard.IsWellFormed(token, 8) || !CoseSign1.TryParse(token, out var message) || message is null)
        {
            return false;
        }

        var toBeSigned = message.ToBeSigned();
        var trusted = trust.Candidates(message.KeyId.Span, null).FirstOrDefault(k => k.Accepts(message.Algorithm) && k.Verify(toBeSigned, message.Signature.Span));
        if (trusted is null)
        {
            return false;
        }

        try
        {
            var reader = new CborReader(message.Payload, CborConformanceMode.Lax);
            string? uri = null;
            long? iat = null;
            long? exp = null;
            byte[]? bits = null;
            var count = reader.ReadStartMap();
            for (var i = 0; CborMap.HasNext(reader, count, i); i++)
            {
                if (!CborMap.TryReadIntegerKey(reader, out var key))
                {
                    continue;
                }

                switch (key)
                {
                    case 2: uri = reader.ReadTextString(); break;
                    case 4: exp = Claims.CwtClaimsCodec.ReadTime(reader); break;
                    case 6: iat = Claims.CwtClaimsCodec.ReadTime(reader); break;
                    case StatusListClaim: bits = ReadList(reader, maxBitsBytes); break;
                    default: reader.SkipValue(); break;
                }
            }

            reader.ReadEndMap();
            if (uri is null || iat is null || bits is null)
            {
                return false;
            }

            snapshot = new StatusListSnapshot(uri, DateTimeOffset.FromUnixTimeSeconds(iat.Value), exp is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null, StatusList.FromBits(bits));
            signer = trusted;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }

    private static byte[]? ReadList(CborReader reader, int maxBitsBytes)
    {
        long? bitsPerStatus = null;
        byte[]? compressed = null;
        var count = reader.ReadStartMap();
        for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
        {
            var name = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
            switch (name)
            {
                case "bits": bitsPerStatus = reader.ReadInt64(); break;
                case "lst": compressed = reader.ReadByteString(); break;
                case null: reader.SkipValue(); reader.SkipValue(); break;
                default: reader.SkipValue(); break;
            }
        }

        reader.ReadEndMap();
        return bitsPerStatus == 1 && compressed is not null && Zlib.TryDecompress(compressed, maxBitsBytes, out var bits) ? bits : null;
    }
}
