using System.Formats.Cbor;

namespace EId.Credentials.Cose;

/// <summary>The COSE header parameters this package reads: alg (1), kid (4), IV (5).</summary>
internal sealed record CoseHeaders(int? Algorithm, byte[]? KeyId, byte[]? Iv)
{
    public static readonly CoseHeaders Empty = new(null, null, null);

    /// <summary>Reads optional tags: none, <paramref name="expected"/>, or 61 (CWT) then <paramref name="expected"/>.</summary>
    public static bool TryReadTags(CborReader reader, ulong expected)
    {
        if (reader.PeekState() != CborReaderState.Tag)
        {
            return true;
        }

        var tag = (ulong)reader.ReadTag();
        if (tag == CoseSign1.CwtTag)
        {
            if (reader.PeekState() != CborReaderState.Tag)
            {
                return true;
            }

            tag = (ulong)reader.ReadTag();
        }

        return tag == expected;
    }

    public static bool TryReadProtected(byte[] protectedBytes, out CoseHeaders headers)
    {
        headers = Empty;
        if (protectedBytes.Length == 0)
        {
            return true;
        }

        var reader = new CborReader(protectedBytes, CborConformanceMode.Lax);
        headers = ReadMap(reader);
        return reader.BytesRemaining == 0;
    }

    public static CoseHeaders ReadMap(CborReader reader)
    {
        int? alg = null;
        byte[]? kid = null;
        byte[]? iv = null;
        var count = reader.ReadStartMap();
        for (var i = 0; CborMap.HasNext(reader, count, i); i++)
        {
            if (!CborMap.TryReadIntegerKey(reader, out var key))
            {
                continue;
            }

            switch (key)
            {
                case 1 when reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger:
                    alg = reader.ReadInt32();
                    break;
                case 4:
                    kid = reader.ReadByteString();
                    break;
                case 5:
                    iv = reader.ReadByteString();
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        }

        reader.ReadEndMap();
        return new CoseHeaders(alg, kid, iv);
    }
}
