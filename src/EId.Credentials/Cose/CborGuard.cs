using System.Formats.Cbor;

namespace EId.Credentials.Cose;

/// <summary>Checks that bytes hold exactly one well-formed CBOR item no deeper than a limit, before any typed parsing.</summary>
internal static class CborGuard
{
    public static bool IsWellFormed(ReadOnlyMemory<byte> encoded, int maxDepth)
    {
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Lax);
            var tagsInARow = 0;
            do
            {
                switch (reader.PeekState())
                {
                    case CborReaderState.StartArray:
                        reader.ReadStartArray();
                        break;
                    case CborReaderState.StartMap:
                        reader.ReadStartMap();
                        break;
                    case CborReaderState.EndArray:
                        reader.ReadEndArray();
                        break;
                    case CborReaderState.EndMap:
                        reader.ReadEndMap();
                        break;
                    case CborReaderState.Tag:
                        reader.ReadTag();
                        if (++tagsInARow > maxDepth)
                        {
                            return false;
                        }

                        continue;
                    case CborReaderState.Finished:
                        return true;
                    default:
                        reader.SkipValue();
                        break;
                }

                tagsInARow = 0;
                if (reader.CurrentDepth > maxDepth)
                {
                    return false;
                }
            }
            while (reader.CurrentDepth > 0 || reader.PeekState() != CborReaderState.Finished);

            return reader.BytesRemaining == 0;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return false;
        }
    }
}
