using System.Buffers.Binary;
using System.Text;

namespace EId.Postal.Ledger;

/// <summary>Reads what <see cref="CanonicalWriter"/> wrote; every read is bounds-checked and reports failure instead of throwing.</summary>
internal ref struct CanonicalReader(ReadOnlySpan<byte> bytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly bool AtEnd => _position == _bytes.Length;

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (_bytes.Length - _position < 1)
        {
            return false;
        }

        value = _bytes[_position++];
        return true;
    }

    public bool TryReadInt32(out int value)
    {
        value = 0;
        if (_bytes.Length - _position < 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadInt32BigEndian(_bytes.Slice(_position, 4));
        _position += 4;
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        value = 0;
        if (_bytes.Length - _position < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadInt64BigEndian(_bytes.Slice(_position, 8));
        _position += 8;
        return true;
    }

    public bool TryReadSingle(out float value)
    {
        value = 0;
        if (_bytes.Length - _position < 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadSingleBigEndian(_bytes.Slice(_position, 4));
        _position += 4;
        return true;
    }

    public bool TryReadString(out string? value)
    {
        value = null;
        if (!TryReadInt32(out var length) || length < -1 || length > _bytes.Length - _position)
        {
            return false;
        }

        if (length == -1)
        {
            return true;
        }

        try
        {
            value = StrictUtf8.GetString(_bytes.Slice(_position, length));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        _position += length;
        return true;
    }

    public bool TryReadBytes(out byte[] value)
    {
        value = [];
        if (!TryReadInt32(out var length) || length < 0 || length > _bytes.Length - _position)
        {
            return false;
        }

        value = _bytes.Slice(_position, length).ToArray();
        _position += length;
        return true;
    }
}
