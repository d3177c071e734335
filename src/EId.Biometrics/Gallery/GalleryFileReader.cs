using System.Buffers;
using System.Security.Cryptography;

namespace EId.Biometrics.Gallery;

/// <summary>Buffered, hashing reader for gallery files: callers ask for n bytes, then take them.</summary>
internal sealed class GalleryFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    public GalleryFileReader(Stream stream, int bufferSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>Bytes taken so far.</summary>
    public long Position { get; private set; }

    /// <summary>Makes <paramref name="count"/> bytes available; false when the stream ends first.</summary>
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Request larger than the read buffer.");
        }

        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    /// <summary>Takes <paramref name="count"/> bytes made available by <see cref="EnsureAsync"/>, adding them to the checksum when <paramref name="hashed"/>.</summary>
    public ReadOnlySpan<byte> Take(int count, bool hashed = true)
    {
        var span = _buffer.AsSpan(_start, count);
        if (hashed)
        {
            _hash.AppendData(span);
        }

        _start += count;
        Position += count;
        return span;
    }

    /// <summary>SHA-256 of the hashed bytes taken so far.</summary>
    public byte[] Digest() => _hash.GetHashAndReset();

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
