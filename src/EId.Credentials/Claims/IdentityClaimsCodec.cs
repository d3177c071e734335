using System.Formats.Cbor;
using EId.Credentials.Cose;

namespace EId.Credentials.Claims;

/// <summary>Reads and writes the Claim 169 identity map (integer keys, see <see cref="IdentityClaims"/>).</summary>
internal static class IdentityClaimsCodec
{
    public static void Write(CborWriter writer, IdentityClaims claims)
    {
        var entries = new List<(long Key, Action<CborWriter> Value)>();
        void Text(long key, string? value)
        {
            if (value is not null)
            {
                entries.Add((key, w => w.WriteTextString(value)));
            }
        }

        void Int(long key, int? value)
        {
            if (value is { } v)
            {
                entries.Add((key, w => w.WriteInt32(v)));
            }
        }

        Text(1, claims.Id);
        Text(2, claims.Version);
        Text(3, claims.Language);
        Text(4, claims.FullName);
        Text(5, claims.FirstName);
        Text(6, claims.MiddleName);
        Text(7, claims.LastName);
        Text(8, claims.DateOfBirth);
        Int(9, claims.Gender);
        Text(10, claims.Address);
        Text(11, claims.Email);
        Text(12, claims.Phone);
        Text(13, claims.Nationality);
        Int(14, claims.MaritalStatus);
        Text(15, claims.Guardian);
        if (claims.Photo is { } photo)
        {
            entries.Add((16, w => w.WriteByteString(photo.Span)));
        }

        Int(17, claims.PhotoFormat);
        if (claims.BestQualityFingers is { } fingers)
        {
            entries.Add((18, w =>
            {
                w.WriteStartArray(fingers.Count);
                foreach (var f in fingers)
                {
                    w.WriteInt32(f);
                }

                w.WriteEndArray();
            }));
        }

        Text(19, claims.SecondaryFullName);
        Text(20, claims.SecondaryLanguage);
        Text(21, claims.LocationCode);
        Text(22, claims.LegalStatus);
        Text(23, claims.CountryOfIssuance);
        foreach (var (kind, samples) in claims.Biometrics.OrderBy(b => (int)b.Key))
        {
            entries.Add(((int)kind, w => WriteBiometrics(w, samples)));
        }

        foreach (var (key, raw) in claims.UnknownFields)
        {
            if (!entries.Exists(e => e.Key == key))
            {
                entries.Add((key, w => w.WriteEncodedValue(raw.Span)));
            }
        }

        writer.WriteStartMap(entries.Count);
        foreach (var (key, value) in entries.OrderBy(e => e.Key))
        {
            writer.WriteInt64(key);
            value(writer);
        }

        writer.WriteEndMap();
    }

    /// <exception cref="CborContentException">Malformed CBOR.</exception>
    /// <exception cref="InvalidOperationException">A value has the wrong CBOR type.</exception>
    /// <exception cref="FormatException">A value is outside its allowed range.</exception>
    public static IdentityClaims Read(CborReader reader)
    {
        var count = reader.ReadStartMap();
        var claims = new IdentityClaims();
        var biometrics = new Dictionary<BiometricKind, IReadOnlyList<Biometric>>();
        var unknown = new List<KeyValuePair<long, ReadOnlyMemory<byte>>>();
        var seen = new HashSet<long>();
        for (var i = 0; CborMap.HasNext(reader, count, i); i++)
        {
            // Only integer keys are defined; text keys are ignored for forward compatibility.
            if (!CborMap.TryReadIntegerKey(reader, out var key))
            {
                continue;
            }

            if (!seen.Add(key))
            {
                throw new FormatException("Duplicate key in the identity map.");
            }

            claims = key switch
            {
                1 => claims with { Id = reader.ReadTextString() },
                2 => claims with { Version = reader.ReadTextString() },
                3 => claims with { Language = reader.ReadTextString() },
                4 => claims with { FullName = reader.ReadTextString() },
                5 => claims with { FirstName = reader.ReadTextString() },
                6 => claims with { MiddleName = reader.ReadTextString() },
                7 => claims with { LastName = reader.ReadTextString() },
                8 => claims with { DateOfBirth = reader.ReadTextString() },
                9 => claims with { Gender = reader.ReadInt32() },
                10 => claims with { Address = reader.ReadTextString() },
                11 => claims with { Email = reader.ReadTextString() },
                12 => claims with { Phone = reader.ReadTextString() },
                13 => claims with { Nationality = reader.ReadTextString() },
                14 => claims with { MaritalStatus = reader.ReadInt32() },
                15 => claims with { Guardian = reader.ReadTextString() },
                16 => claims with { Photo = reader.ReadByteString() },
                17 => claims with { PhotoFormat = reader.ReadInt32() },
                18 => claims with { BestQualityFingers = ReadIntArray(reader) },
                19 => claims with { SecondaryFullName = reader.ReadTextString() },
                20 => claims with { SecondaryLanguage = reader.ReadTextString() },
                21 => claims with { LocationCode = reader.ReadTextString() },
                22 => claims with { LegalStatus = reader.ReadTextString() },
                23 => claims with { CountryOfIssuance = reader.ReadTextString() },
                _ => claims,
            };
            if (key is >= 50 and <= 65)
            {
                biometrics[(BiometricKind)key] = ReadBiometrics(reader);
            }
            else if (key is < 1 or > 23)
            {
                unknown.Add(new(key, reader.ReadEncodedValue()));
            }
        }

        reader.ReadEndMap();
        return claims with { Biometrics = biometrics, UnknownFields = unknown };
    }

    private static void WriteBiometrics(CborWriter writer, IReadOnlyList<Biometric> samples)
    {
        writer.WriteStartArray(samples.Count);
        foreach (var sample in samples)
        {
            var fields = 1 + (sample.Format is null ? 0 : 1) + (sample.SubFormat is null ? 0 : 1) + (sample.Issuer is null ? 0 : 1);
            writer.WriteStartMap(fields);
            writer.WriteInt32(0);
            writer.WriteByteString(sample.Data.Span);
            if (sample.Format is { } format)
            {
                writer.WriteInt32(1);
                writer.WriteInt32(format);
            }

            if (sample.SubFormat is { } subFormat)
            {
                writer.WriteInt32(2);
                writer.WriteInt32(subFormat);
            }

            if (sample.Issuer is { } issuer)
            {
                writer.WriteInt32(3);
                writer.WriteTextString(issuer);
            }

            writer.WriteEndMap();
        }

        writer.WriteEndArray();
    }

    private static List<Biometric> ReadBiometrics(CborReader reader)
    {
        var samples = new List<Biometric>();
        var count = reader.ReadStartArray();
        while (count is null ? reader.PeekState() != CborReaderState.EndArray : samples.Count < count)
        {
            var fields = reader.ReadStartMap();
            ReadOnlyMemory<byte> data = ReadOnlyMemory<byte>.Empty;
            int? format = null;
            int? subFormat = null;
            string? issuer = null;
            for (var i = 0; CborMap.HasNext(reader, fields, i); i++)
            {
                if (!CborMap.TryReadIntegerKey(reader, out var key))
                {
                    continue;
                }

                switch (key)
                {
                    case 0: data = reader.ReadByteString(); break;
                    case 1: format = reader.ReadInt32(); break;
                    case 2: subFormat = reader.ReadInt32(); break;
                    case 3: issuer = reader.ReadTextString(); break;
                    default: reader.SkipValue(); break;
                }
            }

            reader.ReadEndMap();
            samples.Add(new Biometric(data, format, subFormat, issuer));
        }

        reader.ReadEndArray();
        return samples;
    }

    private static List<int> ReadIntArray(CborReader reader)
    {
        var values = new List<int>();
        var count = reader.ReadStartArray();
        while (count is null ? reader.PeekState() != CborReaderState.EndArray : values.Count < count)
        {
            values.Add(reader.ReadInt32());
        }

        reader.ReadEndArray();
        return values;
    }
}
