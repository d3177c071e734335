using System.Buffers.Binary;

namespace EId.ModelImport.Protobuf;

/// <summary>One decoded protobuf field: its number, wire type and payload.</summary>
/// <param name="Field">Field number.</param>
/// <param name="WireType">Wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</param>
/// <param name="Varint">The value of varint and fixed fields.</param>
/// <param name="Payload">The bytes of a length-delimited field.</param>
public readonly record struct ProtoField(int Field, int WireType, ulong Varint, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Splits protobuf wire format into fields, without a schema. The importer uses it to inspect
/// ONNX files (the copied models' input/output names and the writer's own tests); malformed input
/// yields <c>false</c>, never an exception.
/// </summary>
public static class ProtoReader
{
    /// <summary>Decodes the top-level fields of <paramref name="data"/>; false when it is not valid wire format.</summary>
    public static bool TryReadFields(ReadOnlyMemory<byte> data, out List<ProtoField> fields)
    {
        fields = [];
        var span = data.Span;
        var pos = 0;
        while (pos < span.Length)
        {
            if (!TryReadVarint(span, ref pos, out var tag))
            {
                return false;
            }

            var field = (long)(tag >> 3);
            var wire = (int)(tag & 7);
            if (field is <= 0 or > int.MaxValue)
            {
                return false;
            }

            switch (wire)
            {
                case 0:
                    if (!TryReadVarint(span, ref pos, out var v))
                    {
                        return false;
                    }

                    fields.Add(new ProtoField((int)field, wire, v, default));
                    break;
                case 1:
                    if (span.Length - pos < 8)
                    {
                        return false;
                    }

                    fields.Add(new ProtoField((int)field, wire, BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]), default));
                    pos += 8;
                    break;
                case 2:
                    if (!TryReadVarint(span, ref pos, out var len) || len > (ulong)(span.Length - pos))
                    {
                        return false;
                    }

                    fields.Add(new ProtoField((int)field, wire, len, data.Slice(pos, (int)len)));
                    pos += (int)len;
                    break;
                case 5:
                    if (span.Length - pos < 4)
                    {
                        return false;
                    }

                    fields.Add(new ProtoField((int)field, wire, BinaryPrimitives.ReadUInt32LittleEndian(span[pos..]), default));
                    pos += 4;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Reads one varint at <paramref name="pos"/>; false when truncated or longer than ten bytes.</summary>
    public static bool TryReadVarint(ReadOnlySpan<byte> span, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (pos >= span.Length)
            {
                return false;
            }

            var b = span[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
