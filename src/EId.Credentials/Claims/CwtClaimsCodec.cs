using System.Formats.Cbor;
using EId.Credentials.Cose;

namespace EId.Credentials.Claims;

/// <summary>Reads and writes <see cref="CwtClaims"/> as a CBOR map.</summary>
internal static class CwtClaimsCodec
{
    public static byte[] Encode(CwtClaims claims)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        var count = Count(claims.Issuer) + Count(claims.Subject) + Count(claims.ExpiresAt) + Count(claims.NotBefore)
            + Count(claims.IssuedAt) + Count(claims.Cti) + Count(claims.Identity) + Count(claims.DeviceId) + Count(claims.StatusIndex);
        writer.WriteStartMap(count);

        // Deterministic order: ascending positive keys, then the private (negative) claim.
        if (claims.Issuer is { } iss)
        {
            writer.WriteInt32(1);
            writer.WriteTextString(iss);
        }

        if (claims.Subject is { } sub)
        {
            writer.WriteInt32(2);
            writer.WriteTextString(sub);
        }

        WriteTime(writer, 4, claims.ExpiresAt);
        WriteTime(writer, 5, claims.NotBefore);
        WriteTime(writer, 6, claims.IssuedAt);
        if (claims.Cti is { } cti)
        {
            writer.WriteInt32(7);
            writer.WriteByteString(cti.Span);
        }

        if (claims.Identity is { } identity)
        {
            writer.WriteInt64(CwtClaims.IdentityKey);
            IdentityClaimsCodec.Write(writer, identity);
        }

        if (claims.StatusIndex is { } index)
        {
            writer.WriteInt64(CwtClaims.StatusKey);
            writer.WriteStartMap(1);
            writer.WriteTextString("status_list");
            writer.WriteStartMap(claims.StatusListUri is null ? 1 : 2);
            writer.WriteTextString("idx");
            writer.WriteInt64(index);
            if (claims.StatusListUri is { } uri)
            {
                writer.WriteTextString("uri");
                writer.WriteTextString(uri);
            }

            writer.WriteEndMap();
            writer.WriteEndMap();
        }

        if (claims.DeviceId is { } device)
        {
            writer.WriteInt64(CwtClaims.DeviceIdKey);
            writer.WriteTextString(device);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <exception cref="CborContentException">Malformed CBOR.</exception>
    /// <exception cref="InvalidOperationException">A value has the wrong CBOR type.</exception>
    /// <exception cref="FormatException">A value is outside its allowed range.</exception>
    public static CwtClaims Decode(ReadOnlyMemory<byte> encoded)
    {
        var reader = new CborReader(encoded, CborConformanceMode.Lax);
        var claims = new CwtClaims();
        var count = reader.ReadStartMap();
        var seen = new HashSet<long>();
        for (var i = 0; CborMap.HasNext(reader, count, i); i++)
        {
            if (!CborMap.TryReadIntegerKey(reader, out var key))
            {
                continue;
            }

            if (!seen.Add(key))
            {
                throw new FormatException("Duplicate CWT claim.");
            }

            switch (key)
            {
                case 1: claims = claims with { Issuer = reader.ReadTextString() }; break;
                case 2: claims = claims with { Subject = reader.ReadTextString() }; break;
                case 4: claims = claims with { ExpiresAt = ReadTime(reader) }; break;
                case 5: claims = claims with { NotBefore = ReadTime(reader) }; break;
                case 6: claims = claims with { IssuedAt = ReadTime(reader) }; break;
                case 7: claims = claims with { Cti = reader.ReadByteString() }; break;
                case CwtClaims.IdentityKey: claims = claims with { Identity = IdentityClaimsCodec.Read(reader) }; break;
                case CwtClaims.DeviceIdKey: claims = claims with { DeviceId = reader.ReadTextString() }; break;
                case CwtClaims.StatusKey: claims = ReadStatus(reader, claims); break;
                default: reader.SkipValue(); break;
            }
        }

        reader.ReadEndMap();
        if (reader.BytesRemaining != 0)
        {
            throw new FormatException("Trailing bytes after the claims set.");
        }

        return claims;
    }

    private static CwtClaims ReadStatus(CborReader reader, CwtClaims claims)
    {
        var count = reader.ReadStartMap();
        for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
        {
            if (reader.PeekState() != CborReaderState.TextString)
            {
                // Skip the whole entry: skipping only the key would read its value as the next key.
                reader.SkipValue();
                reader.SkipValue();
            }
            else if (reader.ReadTextString() == "status_list")
            {
                var inner = reader.ReadStartMap();
                for (var j = 0; inner is null ? reader.PeekState() != CborReaderState.EndMap : j < inner; j++)
                {
                    var name = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
                    if (name is null)
                    {
                        reader.SkipValue();
                        reader.SkipValue();
                        continue;
                    }

                    switch (name)
                    {
                        case "idx":
                            var idx = reader.ReadInt64();
                            claims = claims with { StatusIndex = idx >= 0 ? idx : throw new FormatException("Negative status index.") };
                            break;
                        case "uri": claims = claims with { StatusListUri = reader.ReadTextString() }; break;
                        default: reader.SkipValue(); break;
                    }
                }

                reader.ReadEndMap();
            }
            else
            {
                reader.SkipValue();
            }
        }

        reader.ReadEndMap();
        return claims;
    }

    internal static long ReadTime(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.DoublePrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.HalfPrecisionFloat:
                var d = reader.ReadDouble();
                return double.IsFinite(d) && Math.Abs(d) < 1e15 ? (long)Math.Floor(d) : throw new FormatException("Bad NumericDate.");
            case CborReaderState.Tag:
                // Tag 1 (epoch-based date/time) is tolerated around a NumericDate.
                reader.ReadTag();
                return ReadTime(reader);
            default:
                var value = reader.ReadInt64();
                return Math.Abs(value) < 1_000_000_000_000_000 ? value : throw new FormatException("Bad NumericDate.");
        }
    }

    private static void WriteTime(CborWriter writer, int key, long? value)
    {
        if (value is { } v)
        {
            writer.WriteInt32(key);
            writer.WriteInt64(v);
        }
    }

    private static int Count(object? value) => value is null ? 0 : 1;
}
