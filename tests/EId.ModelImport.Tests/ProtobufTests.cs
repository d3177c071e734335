using EId.ModelImport.Protobuf;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.ModelImport.Tests;

public sealed class ProtobufTests
{
    [Fact]
    public void Varint_encoding_matches_the_protobuf_specification_examples()
    {
        // The protobuf encoding guide: field 1 = 150 is 08 96 01.
        var w = new ProtoWriter();
        w.WriteInt64(1, 150);
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, w.ToArray());

        // Negative int64 takes ten bytes (two's complement as unsigned).
        var n = new ProtoWriter();
        n.WriteVarint(unchecked((ulong)-1L));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, n.ToArray());
    }

    [Fact]
    public void String_and_nested_message_use_length_prefixes()
    {
        var w = new ProtoWriter();
        w.WriteString(2, "testing");
        w.WriteMessage(3, m => m.WriteInt64(1, 150));
        Assert.Equal(new byte[] { 0x12, 0x07, (byte)'t', (byte)'e', (byte)'s', (byte)'t', (byte)'i', (byte)'n', (byte)'g', 0x1A, 0x03, 0x08, 0x96, 0x01 }, w.ToArray());
    }

    [Property]
    public Property Written_fields_read_back(long[] ints, string[] texts, float value)
    {
        var w = new ProtoWriter();
        foreach (var i in ints)
        {
            w.WriteInt64(1, i);
        }

        var strings = texts.Where(t => t is not null).ToArray();
        foreach (var t in strings)
        {
            w.WriteString(2, t);
        }

        w.WriteFloat(3, value);
        w.WritePackedInt64(4, ints);
        var ok = ProtoReader.TryReadFields(w.ToArray(), out var fields);

        var readInts = fields.Where(f => f.Field == 1).Select(f => unchecked((long)f.Varint)).ToArray();
        var readStrings = fields.Where(f => f.Field == 2).Select(f => System.Text.Encoding.UTF8.GetString(f.Payload.Span)).ToArray();
        var readFloat = BitConverter.Int32BitsToSingle((int)fields.Single(f => f.Field == 3).Varint);
        var packed = fields.Single(f => f.Field == 4).Payload;
        var unpacked = new List<long>();
        var pos = 0;
        while (pos < packed.Length && ProtoReader.TryReadVarint(packed.Span, ref pos, out var v))
        {
            unpacked.Add(unchecked((long)v));
        }

        var expectedStrings = strings.Select(s => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s))).ToArray();
        return (ok && readInts.SequenceEqual(ints) && readStrings.SequenceEqual(expectedStrings)
                && BitConverter.SingleToInt32Bits(readFloat) == BitConverter.SingleToInt32Bits(value) && unpacked.SequenceEqual(ints)).ToProperty();
    }

    [Property]
    public Property Reader_never_throws_on_random_bytes(byte[] data) =>
        (ProtoReader.TryReadFields(data, out _) || true).ToProperty();

    [Property]
    public Property Truncated_messages_are_rejected_or_shorter(NonEmptyString text, PositiveInt cut)
    {
        var w = new ProtoWriter();
        w.WriteString(1, text.Get);
        var bytes = w.ToArray();
        var truncated = bytes[..(cut.Get % bytes.Length)];
        var ok = ProtoReader.TryReadFields(truncated, out var fields);
        return (!ok || fields.Count == 0).ToProperty();
    }
}
