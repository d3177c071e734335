using System.Buffers.Binary;
using System.Text;

namespace EId.Postal.Ledger;

/// <summary>
/// Writes the ledger's canonical binary encoding: big-endian fixed-width integers and
/// length-prefixed UTF-8 strings and byte strings (length −1 for null). One value, one encoding,
/// so the hash of an entry does not depend on who wrote it.
/// </summary>
internal sealed class CanonicalWriter(int capacity)
{
    private byte[] _buffer = new byte[Math.Max(capacity, 16)];
    private int _length;

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteSingle(float value) => BinaryPrimitives.WriteSingleBigEndian(Reserve(4), value);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    /// <summary>Fixed-width bytes without a length prefix (hashes, domain tags).</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
