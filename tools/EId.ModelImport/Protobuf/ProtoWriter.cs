using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EId.ModelImport.Protobuf;

/// <summary>
/// Writes protocol-buffer wire format (proto3 encoding): varints, length-delimited fields and
/// little-endian fixed32. Just enough for the ONNX messages the importer emits.
/// </summary>
public sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Wire type of varint fields.</summary>
    public const int WireVarint = 0;

    /// <summary>Wire type of 32-bit fixed fields.</summary>
    public const int WireFixed32 = 5;

    /// <summary>Wire type of length-delimited fields.</summary>
    public const int WireLengthDelimited = 2;

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Number of bytes written so far.</summary>
    public long Length => _buffer.WrittenCount;

    /// <summary>Writes a raw varint (negative values take ten bytes, as protobuf's int64 does).</summary>
    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteRaw((byte)(value | 0x80));
            value >>= 7;
        }

        WriteRaw((byte)value);
    }

    private void WriteRaw(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    /// <summary>Writes a field tag.</summary>
    public void WriteTag(int field, int wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    /// <summary>Writes an int64/int32/enum field (always, even when zero).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a float field.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write<byte>(bytes);
    }

    /// <summary>Writes a length-delimited bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes an embedded message field built by <paramref name="body"/>.</summary>
    public void WriteMessage(int field, Action<ProtoWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var inner = new ProtoWriter();
        body(inner);
        WriteBytes(field, inner._buffer.WrittenSpan);
    }

    /// <summary>Writes a packed repeated int64 field.</summary>
    public void WritePackedInt64(int field, IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner.WriteVarint(unchecked((ulong)v));
        }

        WriteBytes(field, inner._buffer.WrittenSpan);
    }

    /// <summary>Writes a packed repeated float field.</summary>
    public void WritePackedFloat(int field, IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        WriteBytes(field, bytes);
    }
}
