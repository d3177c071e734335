using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EId.Biometrics.Gallery;

/// <summary>Buffered writer that hashes everything it writes and ends with the SHA-256.</summary>
internal sealed class GalleryFileWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer;
    private int _used;

    public GalleryFileWriter(Stream stream, int bufferSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                Flush();
            }

            var n = Math.Min(bytes.Length, _buffer.Length - _used);
            bytes[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            bytes = bytes[n..];
        }
    }

    public void WriteByte(byte value) => Write([value]);

    public void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        Write(bytes);
    }

    /// <summary>Flushes, then appends the checksum (not itself hashed).</summary>
    public void Finish()
    {
        Flush();
        _stream.Write(_hash.GetHashAndReset());
        _stream.Flush();
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _used);
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
