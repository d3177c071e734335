using System.Formats.Cbor;

namespace EId.Credentials.Cose;

/// <summary>
/// The walk every integer-keyed CBOR map in this package shares (COSE headers, CWT claims, the
/// identity map, biometric samples, the status list token): definite or indefinite length, and
/// non-integer keys skipped with their values for forward compatibility.
/// </summary>
internal static class CborMap
{
    /// <summary>True while entries remain: <paramref name="read"/> &lt; <paramref name="count"/>, or before the break of an indefinite map.</summary>
    public static bool HasNext(CborReader reader, int? count, int read) =>
        count is null ? reader.PeekState() != CborReaderState.EndMap : read < count;

    /// <summary>Reads an integer key; otherwise skips the whole entry (key and value) and returns false.</summary>
    public static bool TryReadIntegerKey(CborReader reader, out long key)
    {
        if (reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
        {
            key = reader.ReadInt64();
            return true;
        }

        reader.SkipValue();
        reader.SkipValue();
        key = 0;
        return false;
    }
}
