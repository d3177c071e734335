using EId.Documents;
using EId.Documents.IdCards;
using EId.Documents.Simulation;
using EId.Documents.Transport;
using Microsoft.Extensions.Time.Testing;

namespace EId.Documents.Tests.Transport;

public class IdCardTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Exchanges_frames_over_an_os_pipe_with_noise_and_split_writes()
    {
        using var pipe = new DuplexPipe();
        using var transport = new StreamIdCardTransport(pipe.Host, new IdCardTransportOptions { ResponseTimeout = Wait });
        var responseFrame = CardSamples.ReadResponseFrame(CardSamples.Resident());

        var device = Task.Run(async () =>
        {
            var command = new byte[10];
            await pipe.Device.ReadExactlyAsync(command, TestContext.Current.CancellationToken);
            Assert.Equal(IdCardFrame.EncodeCommand(IdCardCommand.ReadBaseInfo), command);

            // Power-up noise, including a partial preamble, then the frame in uneven pieces.
            await pipe.Device.WriteAsync(new byte[] { 0x00, 0xAA, 0xAA, 0x13, 0xAA, 0xAA, 0xAA, 0xAA }, TestContext.Current.CancellationToken);
            for (var offset = 0; offset < responseFrame.Length; offset += 97)
            {
                await pipe.Device.WriteAsync(responseFrame.AsMemory(offset, Math.Min(97, responseFrame.Length - offset)), TestContext.Current.CancellationToken);
                await pipe.Device.FlushAsync(TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);

        var response = await transport.ExchangeAsync(IdCardCommand.ReadBaseInfo, TestContext.Current.CancellationToken);
        await device;
        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal(IdCardStatus.Success, response.Value.Status);
        var document = IdCardReader.Decode(response.Value, CardSamples.Today).GetValueOrThrow();
        Assert.Equal("11010519491231002X", document.IdNumber);
    }

    [Fact]
    public async Task Resends_after_a_corrupt_response()
    {
        using var pipe = new DuplexPipe();
        using var transport = new StreamIdCardTransport(pipe.Host, new IdCardTransportOptions { ResponseTimeout = Wait, Retries = 1 });
        var good = IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.FindSucceeded, new byte[4]));
        var corrupt = (byte[])good.Clone();
        corrupt[^1] ^= 0xFF;

        var device = Task.Run(async () =>
        {
            var command = new byte[10];
            await pipe.Device.ReadExactlyAsync(command, TestContext.Current.CancellationToken);
            await pipe.Device.WriteAsync(corrupt, TestContext.Current.CancellationToken);
            await pipe.Device.ReadExactlyAsync(command, TestContext.Current.CancellationToken);
            Assert.Equal(IdCardFrame.EncodeCommand(IdCardCommand.FindCard), command);
            await pipe.Device.WriteAsync(good, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var response = await transport.ExchangeAsync(IdCardCommand.FindCard, TestContext.Current.CancellationToken);
        await device;
        Assert.Equal(IdCardStatus.FindSucceeded, response.GetValueOrThrow().Status);
    }

    [Fact]
    public async Task Reports_a_bad_frame_when_retries_run_out()
    {
        var device = SimulatedIdCardDevice.Replay([[0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x00]]);
        using var transport = new StreamIdCardTransport(device.OpenStream(), new IdCardTransportOptions { Retries = 2 });
        var response = await transport.ExchangeAsync(IdCardCommand.FindCard, TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.BadFrame, response.Error!.Reason);
        Assert.Equal(3, device.CommandsAnswered);
    }

    [Fact]
    public async Task Times_out_on_the_injected_clock_and_retries()
    {
        using var pipe = new DuplexPipe();
        var clock = new FakeTimeProvider();
        using var transport = new StreamIdCardTransport(pipe.Host, new IdCardTransportOptions { ResponseTimeout = TimeSpan.FromSeconds(3), Retries = 1 }, clock);

        var exchange = transport.ExchangeAsync(IdCardCommand.FindCard, TestContext.Current.CancellationToken).AsTask();
        var received = new byte[20];
        await pipe.Device.ReadExactlyAsync(received.AsMemory(0, 10), TestContext.Current.CancellationToken);
        Assert.False(exchange.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(3));

        // The retry resends the command; then it times out again.
        await pipe.Device.ReadExactlyAsync(received.AsMemory(10, 10), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(3));
        var result = await exchange.WaitAsync(Wait, TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.Timeout, result.Error!.Reason);
        Assert.Equal(received[..10], received[10..]);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_timeout()
    {
        using var pipe = new DuplexPipe();
        using var transport = new StreamIdCardTransport(pipe.Host, new IdCardTransportOptions { ResponseTimeout = Wait });
        using var cts = new CancellationTokenSource();
        var exchange = transport.ExchangeAsync(IdCardCommand.FindCard, cts.Token).AsTask();
        await pipe.Device.ReadExactlyAsync(new byte[10], TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exchange);
    }

    [Fact]
    public async Task A_closed_connection_is_unavailable()
    {
        using var transport = new StreamIdCardTransport(new ClosedDuplex(), new IdCardTransportOptions { ResponseTimeout = Wait });
        var result = await transport.ExchangeAsync(IdCardCommand.FindCard, TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.Unavailable, result.Error!.Reason);
    }

    [Fact]
    public async Task A_missing_serial_port_is_unavailable()
    {
        using var transport = new SerialIdCardTransport("/dev/eid-no-such-port");
        var result = await transport.ExchangeAsync(IdCardCommand.FindCard, TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.Unavailable, result.Error!.Reason);
    }

    [Fact]
    public void Simulated_device_answers_with_protocol_status_codes()
    {
        var device = new SimulatedIdCardDevice();
        Assert.Equal(IdCardStatus.FindFailed, Status(device.Respond(IdCardFrame.EncodeCommand(IdCardCommand.FindCard))));
        Assert.Equal(IdCardStatus.SelectFailed, Status(device.Respond(IdCardFrame.EncodeCommand(IdCardCommand.SelectCard))));

        device.PlaceCard(new SimulatedCard(CardSamples.Resident(), CardSamples.Photo()));
        Assert.Equal(IdCardStatus.ReadFailed, Status(device.Respond(IdCardFrame.EncodeCommand(IdCardCommand.ReadBaseInfo))));
        Assert.Equal(IdCardStatus.FindSucceeded, Status(device.Respond(IdCardFrame.EncodeCommand(IdCardCommand.FindCard))));
        Assert.Equal(IdCardStatus.Success, Status(device.Respond(IdCardFrame.EncodeCommand(IdCardCommand.SelectCard))));
        Assert.Equal(CardSamples.ReadResponseFrame(CardSamples.Resident()), device.Respond(IdCardFrame.EncodeCommand(IdCardCommand.ReadBaseInfo)));

        byte[] badChecksum = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x23];
        Assert.Equal(IdCardStatus.CommandChecksumError, Status(device.Respond(badChecksum)));
        Assert.Equal(IdCardStatus.CommandError, Status(device.Respond(IdCardFrame.EncodeCommand(new IdCardCommand(0x99, 0x01, ReadOnlyMemory<byte>.Empty)))));

        static IdCardStatus Status(byte[] frame) => IdCardFrame.DecodeResponse(frame).GetValueOrThrow().Status;
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public FsCheck.Property Random_or_damaged_responses_give_typed_results(byte[] noise, int seed)
    {
        // Either pure noise, or a valid frame truncated / bit-flipped, then end of stream.
        var frame = IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, noise));
        byte[] incoming = (seed & 3) switch
        {
            0 => noise,
            1 => frame[..(int)((uint)seed % (uint)frame.Length)],
            2 => Flip(frame, seed),
            _ => [.. noise, .. frame],
        };
        using var transport = new StreamIdCardTransport(new ScriptedDuplex(incoming), new IdCardTransportOptions { Retries = 0, ResponseTimeout = Wait });
        var result = transport.ExchangeAsync(IdCardCommand.FindCard, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        var ok = result.IsSuccess
            ? (seed & 3) is 0 or 3
            : result.Error.Reason is DocumentReadError.BadFrame or DocumentReadError.Unavailable;
        return FsCheck.Fluent.Prop.ToProperty(ok);

        static byte[] Flip(byte[] bytes, int seed)
        {
            var copy = (byte[])bytes.Clone();
            var bit = (int)((uint)seed % (uint)(copy.Length * 8));
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            return copy;
        }
    }

    /// <summary>A link whose far end sends fixed bytes and then hangs up; writes are accepted and dropped.</summary>
    private sealed class ScriptedDuplex(byte[] incoming) : MemoryStream(incoming, writable: false)
    {
        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class ClosedDuplex : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
    }
}
