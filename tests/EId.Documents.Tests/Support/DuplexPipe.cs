using System.IO.Pipes;

namespace EId.Documents.Tests.Support;

/// <summary>
/// Two anonymous OS pipes joined into a duplex link: <see cref="Host"/> is the reader-facing end a
/// transport uses, <see cref="Device"/> the far end a test drives as the card reader would.
/// </summary>
internal sealed class DuplexPipe : IDisposable
{
    private readonly AnonymousPipeServerStream _toDevice = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _deviceIn;
    private readonly AnonymousPipeServerStream _toHost = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _hostIn;

    public DuplexPipe()
    {
        _deviceIn = new AnonymousPipeClientStream(PipeDirection.In, _toDevice.ClientSafePipeHandle);
        _hostIn = new AnonymousPipeClientStream(PipeDirection.In, _toHost.ClientSafePipeHandle);
        Host = new Joined(_hostIn, _toDevice);
        Device = new Joined(_deviceIn, _toHost);
    }

    public Stream Host { get; }

    public Stream Device { get; }

    public void Dispose()
    {
        _toDevice.Dispose();
        _deviceIn.Dispose();
        _toHost.Dispose();
        _hostIn.Dispose();
    }

    private sealed class Joined(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
