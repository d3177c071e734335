using System.Buffers.Binary;

namespace EId.Documents.IdCards;

/// <summary>
/// GA 467 frame encoding and decoding. A frame is the preamble <c>AA AA AA 96 69</c>, a 2-byte big-endian
/// length counting every byte after it (CMD Para Data CHK for commands; SW1 SW2 SW3 Data CHK for
/// responses), the body, and a checksum: the XOR of every byte except the preamble and the checksum
/// itself (so it covers the two length bytes too).
/// </summary>
public static class IdCardFrame
{
    /// <summary>Preamble length plus length field: the bytes before the body.</summary>
    public const int HeaderLength = 7;

    /// <summary>The largest body length the 2-byte field can express.</summary>
    public const int MaxBodyLength = ushort.MaxValue;

    /// <summary>The 5-byte preamble: three synchronisation bytes and the frame-start pair.</summary>
    public static ReadOnlySpan<byte> Preamble => [0xAA, 0xAA, 0xAA, 0x96, 0x69];

    /// <summary>Encodes a command frame.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The frame bytes.</returns>
    /// <exception cref="ArgumentException">The data is too long for the length field.</exception>
    public static byte[] EncodeCommand(IdCardCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Encode([command.Command, command.Parameter], command.Data.Span);
    }

    /// <summary>Encodes a response frame (simulators, recordings, tests).</summary>
    /// <param name="response">The response.</param>
    /// <returns>The frame bytes.</returns>
    /// <exception cref="ArgumentException">The data is too long for the length field.</exception>
    public static byte[] EncodeResponse(IdCardResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Encode([response.Sw1, response.Sw2, (byte)response.Status], response.Data.Span);
    }

    /// <summary>Decodes exactly one command frame.</summary>
    /// <param name="frame">The frame bytes.</param>
    /// <returns>The command or why the bytes are not a command frame.</returns>
    public static Result<IdCardCommand, Failure<IdCardFrameError>> DecodeCommand(ReadOnlySpan<byte> frame)
    {
        var body = DecodeBody(frame, fixedFields: 2);
        if (!body.IsSuccess)
        {
            return body.Error;
        }

        var (offset, length) = body.Value;
        var bytes = frame.Slice(offset, length);
        return new IdCardCommand(bytes[0], bytes[1], bytes[2..].ToArray());
    }

    /// <summary>Decodes exactly one response frame.</summary>
    /// <param name="frame">The frame bytes.</param>
    /// <returns>The response or why the bytes are not a response frame.</returns>
    public static Result<IdCardResponse, Failure<IdCardFrameError>> DecodeResponse(ReadOnlySpan<byte> frame)
    {
        var body = DecodeBody(frame, fixedFields: 3);
        if (!body.IsSuccess)
        {
            return body.Error;
        }

        var (offset, length) = body.Value;
        var bytes = frame.Slice(offset, length);
        return new IdCardResponse(bytes[0], bytes[1], (IdCardStatus)bytes[2], bytes[3..].ToArray());
    }

    /// <summary>
    /// The total length of the frame starting at <paramref name="buffer"/>[0], once its header is available.
    /// </summary>
    /// <param name="buffer">Bytes starting with the preamble.</param>
    /// <param name="totalLength">Header plus announced body length.</param>
    /// <returns>False while fewer than <see cref="HeaderLength"/> bytes are available or the preamble is wrong.</returns>
    public static bool TryGetFrameLength(ReadOnlySpan<byte> buffer, out int totalLength)
    {
        totalLength = 0;
        if (buffer.Length < HeaderLength || !buffer.StartsWith(Preamble))
        {
            return false;
        }

        totalLength = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(5, 2));
        return true;
    }

    /// <summary>The XOR of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The covered bytes (length field through the last data byte).</param>
    /// <returns>The checksum byte.</returns>
    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        byte x = 0;
        foreach (var b in bytes)
        {
            x ^= b;
        }

        return x;
    }

    private static byte[] Encode(ReadOnlySpan<byte> fixedFields, ReadOnlySpan<byte> data)
    {
        var bodyLength = fixedFields.Length + data.Length + 1;
        if (bodyLength > MaxBodyLength)
        {
            throw new ArgumentException($"A frame body holds at most {MaxBodyLength} bytes.", nameof(data));
        }

        var frame = new byte[HeaderLength + bodyLength];
        Preamble.CopyTo(frame);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(5, 2), (ushort)bodyLength);
        fixedFields.CopyTo(frame.AsSpan(HeaderLength));
        data.CopyTo(frame.AsSpan(HeaderLength + fixedFields.Length));
        frame[^1] = Checksum(frame.AsSpan(5, frame.Length - 6));
        return frame;
    }

    // Returns the offset and length of the body without its checksum.
    private static Result<(int Offset, int Length), Failure<IdCardFrameError>> DecodeBody(ReadOnlySpan<byte> frame, int fixedFields)
    {
        var preambleLength = Math.Min(frame.Length, Preamble.Length);
        if (!frame[..preambleLength].SequenceEqual(Preamble[..preambleLength]))
        {
            return Fail(IdCardFrameError.BadPreamble, "The frame does not start with AA AA AA 96 69.");
        }

        if (!TryGetFrameLength(frame, out var total))
        {
            return Fail(IdCardFrameError.Truncated, $"A frame header is {HeaderLength} bytes; got {frame.Length}.");
        }

        var bodyLength = total - HeaderLength;
        if (bodyLength < fixedFields + 1)
        {
            return Fail(IdCardFrameError.BadLength, $"The length field ({bodyLength}) is shorter than the {fixedFields + 1} fixed bytes.");
        }

        if (frame.Length < total)
        {
            return Fail(IdCardFrameError.Truncated, $"The length field announces {total} bytes; got {frame.Length}.");
        }

        if (frame.Length > total)
        {
            return Fail(IdCardFrameError.BadLength, $"{frame.Length - total} bytes follow the announced frame end.");
        }

        if (Checksum(frame[5..^1]) != frame[^1])
        {
            return Fail(IdCardFrameError.BadChecksum, "The XOR checksum does not match.");
        }

        return (HeaderLength, bodyLength - 1);
    }

    private static Failure<IdCardFrameError> Fail(IdCardFrameError reason, string message) => new(reason, message);
}
