using EId.Documents;
using EId.Documents.IdCards;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Documents.Tests.IdCards;

public class IdCardFrameTests
{
    // Frames typed in byte by byte from the protocol description: preamble, length (bytes after it),
    // body, XOR of everything after the preamble.
    private static readonly byte[] FindCardCommand = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22];
    private static readonly byte[] SelectCardCommand = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21];
    private static readonly byte[] ReadBaseInfoCommand = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32];
    private static readonly byte[] FindOkResponse = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97];
    private static readonly byte[] FindFailedResponse = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84];
    private static readonly byte[] SelectOkResponse = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x0C, 0x00, 0x00, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0x9C];
    private static readonly byte[] ReadFailedResponse = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x41, 0x45];

    [Fact]
    public void Encodes_the_card_commands_exactly()
    {
        Assert.Equal(FindCardCommand, IdCardFrame.EncodeCommand(IdCardCommand.FindCard));
        Assert.Equal(SelectCardCommand, IdCardFrame.EncodeCommand(IdCardCommand.SelectCard));
        Assert.Equal(ReadBaseInfoCommand, IdCardFrame.EncodeCommand(IdCardCommand.ReadBaseInfo));
    }

    [Fact]
    public void Decodes_commands()
    {
        var find = IdCardFrame.DecodeCommand(ReadBaseInfoCommand).GetValueOrThrow();
        Assert.True(find.IsSameCommandAs(IdCardCommand.ReadBaseInfo));
        Assert.True(find.Data.IsEmpty);
    }

    [Fact]
    public void Decodes_responses()
    {
        var found = IdCardFrame.DecodeResponse(FindOkResponse).GetValueOrThrow();
        Assert.Equal(IdCardStatus.FindSucceeded, found.Status);
        Assert.Equal(4, found.Data.Length);

        Assert.Equal(IdCardStatus.FindFailed, IdCardFrame.DecodeResponse(FindFailedResponse).GetValueOrThrow().Status);
        Assert.Equal(IdCardStatus.ReadFailed, IdCardFrame.DecodeResponse(ReadFailedResponse).GetValueOrThrow().Status);
        var selected = IdCardFrame.DecodeResponse(SelectOkResponse).GetValueOrThrow();
        Assert.Equal(IdCardStatus.Success, selected.Status);
        Assert.Equal(8, selected.Data.Length);

        Assert.Equal(FindOkResponse, IdCardFrame.EncodeResponse(found));
        Assert.Equal(SelectOkResponse, IdCardFrame.EncodeResponse(selected));
    }

    [Fact]
    public void The_checksum_covers_the_length_bytes()
    {
        // Same body, different length high byte: only a checksum over the length notices.
        var frame = (byte[])FindFailedResponse.Clone();
        frame[5] = 0x01;
        frame = [.. frame, .. new byte[256]];
        var result = IdCardFrame.DecodeResponse(frame);
        Assert.False(result.IsSuccess);
        Assert.Equal(IdCardFrameError.BadChecksum, result.Error.Reason);
    }

    [Fact]
    public void Reports_each_kind_of_malformed_frame()
    {
        Assert.Equal(IdCardFrameError.BadPreamble, IdCardFrame.DecodeResponse([0xAA, 0xAA, 0xAB]).Error!.Reason);
        Assert.Equal(IdCardFrameError.Truncated, IdCardFrame.DecodeResponse([0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00]).Error!.Reason);
        Assert.Equal(IdCardFrameError.Truncated, IdCardFrame.DecodeResponse(FindOkResponse.AsSpan(0, 14)).Error!.Reason);
        Assert.Equal(IdCardFrameError.BadLength, IdCardFrame.DecodeResponse([.. FindOkResponse, 0x00]).Error!.Reason);
        Assert.Equal(IdCardFrameError.BadLength, IdCardFrame.DecodeResponse([0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x00, 0x00, 0x03]).Error!.Reason);
        Assert.Equal(IdCardFrameError.BadChecksum, IdCardFrame.DecodeResponse([.. FindOkResponse[..^1], 0x98]).Error!.Reason);
        Assert.Equal(IdCardFrameError.BadPreamble, IdCardFrame.DecodeResponse(ReadinessNoise()).Error!.Reason);

        static byte[] ReadinessNoise() => [0x00, .. FindOkResponse];
    }

    [Property(MaxTest = 300)]
    public Property Responses_round_trip(byte sw1, byte sw2, byte sw3, byte[] data)
    {
        var response = new IdCardResponse(sw1, sw2, (IdCardStatus)sw3, data);
        var decoded = IdCardFrame.DecodeResponse(IdCardFrame.EncodeResponse(response));
        return (decoded.IsSuccess && decoded.Value.Sw1 == sw1 && decoded.Value.Sw2 == sw2 && (byte)decoded.Value.Status == sw3
            && decoded.Value.Data.Span.SequenceEqual(data)).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Commands_round_trip(byte command, byte parameter, byte[] data)
    {
        var decoded = IdCardFrame.DecodeCommand(IdCardFrame.EncodeCommand(new IdCardCommand(command, parameter, data)));
        return (decoded.IsSuccess && decoded.Value.Command == command && decoded.Value.Parameter == parameter
            && decoded.Value.Data.Span.SequenceEqual(data)).ToProperty();
    }

    [Property(MaxTest = 500)]
    public Property Every_single_bit_flip_is_detected(byte[] data, int seed)
    {
        var frame = IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, data));
        var bit = (int)((uint)seed % (uint)(frame.Length * 8));
        frame[bit / 8] ^= (byte)(1 << (bit % 8));
        return (!IdCardFrame.DecodeResponse(frame).IsSuccess).ToProperty();
    }

    [Property(MaxTest = 500)]
    public Property Truncated_frames_give_typed_errors(byte[] data, int seed)
    {
        var frame = IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, data));
        var length = (int)((uint)seed % (uint)frame.Length);
        var result = IdCardFrame.DecodeResponse(frame.AsSpan(0, length));
        return (!result.IsSuccess && Enum.IsDefined(result.Error.Reason)).ToProperty();
    }

    [Property(MaxTest = 1000)]
    public Property Random_bytes_never_throw(byte[] bytes, bool withPreamble)
    {
        byte[] input = withPreamble ? [.. IdCardFrame.Preamble, .. bytes] : bytes;
        var response = IdCardFrame.DecodeResponse(input);
        var command = IdCardFrame.DecodeCommand(input);
        return ((response.IsSuccess || Enum.IsDefined(response.Error.Reason)) && (command.IsSuccess || Enum.IsDefined(command.Error.Reason))).ToProperty();
    }
}
