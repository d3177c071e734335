using System.Buffers.Binary;
using System.IO.Compression;

namespace EId.Credentials.Transport;

/// <summary>
/// zlib (RFC 1950) compression with a hard cap on the decompressed size (decompression-bomb guard).
/// Decompression is strict: header check, Adler-32 trailer, and no bytes after the stream, because the
/// runtime's inflater silently accepts truncated streams.
/// </summary>
public static class Zlib
{
    // A complete zlib stream for empty input (the runtime writes nothing at all when nothing was written).
    private static readonly byte[] EmptyStream = [0x78, 0xDA, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>Compresses <paramref name="data"/> as a zlib stream at the smallest size.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return (byte[])EmptyStream.Clone();
        }

        using var output = new MemoryStream((data.Length / 2) + 16);
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Decompresses a zlib stream, failing when it is damaged, truncated, has trailing bytes
    /// or would exceed <paramref name="maxBytes"/>. Never throws on bad input.
    /// </summary>
    /// <param name="compressed">The zlib stream.</param>
    /// <param name="maxBytes">Largest accepted output.</param>
    /// <param name="data">The decompressed bytes on success.</param>
    public static bool TryDecompress(ReadOnlySpan<byte> compressed, int maxBytes, out byte[] data)
    {
        data = [];

        // 2-byte header (deflate, no preset dictionary, check bits) + at least one deflate byte + Adler-32.
        if (compressed.Length < 7 || (compressed[0] & 0x0F) != 8 || (compressed[0] >> 4) > 7
            || ((compressed[0] << 8) | compressed[1]) % 31 != 0 || (compressed[1] & 0x20) != 0)
        {
            return false;
        }

        try
        {
            using var input = new ByteAtATimeStream(compressed.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            Span<byte> buffer = stackalloc byte[4096];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    return false;
                }

                output.Write(buffer[..read]);
            }

            // The inflater stops reading at the end of the stream; anything left over makes the encoding malleable.
            if (input.Position != compressed.Length)
            {
                return false;
            }

            var result = output.ToArray();
            if (Adler32(result) != BinaryPrimitives.ReadUInt32BigEndian(compressed[^4..]))
            {
                return false;
            }

            data = result;
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Hands the inflater one byte per read, so that <see cref="Stream.Position"/> is exactly how much of the input the
    /// zlib stream used (its own read-ahead buffer would hide trailing bytes). Inputs are a few KiB, so the cost is small.
    /// </summary>
    private sealed class ByteAtATimeStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // 5552 is the largest run for which the sums cannot overflow 32 bits.
            var chunk = data[..Math.Min(5552, data.Length)];
            foreach (var x in chunk)
            {
                a += x;
                b += a;
            }

            a %= Mod;
            b %= Mod;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }
}
