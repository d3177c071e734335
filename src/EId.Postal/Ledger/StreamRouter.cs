using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EId.Postal.Ledger;

/// <summary>
/// Maps a parcel to its partition stream: stream = (first 4 bytes of SHA-256(UTF-8 of the trimmed waybill number), read as an
/// unsigned big-endian integer) mod stream count. Deterministic and independent of time, region and server, so a waybill
/// lookup goes straight to one stream and the stream count can never change for an existing ledger (the store refuses it).
/// </summary>
public sealed class StreamRouter
{
    /// <summary>The most streams a ledger may have.</summary>
    public const int MaxStreams = 1024;

    /// <summary>Creates a router over <paramref name="streamCount"/> streams.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not 1 to <see cref="MaxStreams"/>.</exception>
    public StreamRouter(int streamCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamCount, MaxStreams);
        StreamCount = streamCount;
    }

    /// <summary>How many streams.</summary>
    public int StreamCount { get; }

    /// <summary>The stream of <paramref name="waybillNumber"/>.</summary>
    public int StreamOf(string waybillNumber)
    {
        ArgumentNullException.ThrowIfNull(waybillNumber);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(waybillNumber.Trim()), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)StreamCount);
    }
}
