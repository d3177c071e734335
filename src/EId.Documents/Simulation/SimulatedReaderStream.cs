using EId.Documents.IdCards;

namespace EId.Documents.Simulation;

/// <summary>
/// The device side of a simulated serial line: bytes written are collected into command frames; each
/// complete frame queues the device's response for reading. Reads wait until a response is queued.
/// </summary>
internal sealed class SimulatedReaderStream(SimulatedIdCardDevice device) : Stream
{
    private readonly List<byte> _incoming = [];
    private readonly Queue<byte> _outgoing = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly Lock _lock = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            lock (_lock)
            {
                if (_outgoing.Count > 0)
                {
                    var n = 0;
                    while (n < buffer.Length && _outgoing.Count > 0)
                    {
                        buffer.Span[n++] = _outgoing.Dequeue();
                    }

                    return n;
                }
            }

            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_lock)
        {
            _incoming.AddRange(buffer);
            while (true)
            {
                // Drop noise before a preamble, as a reader resynchronises on it.
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_incoming);
                var start = span.IndexOf(IdCardFrame.Preamble);
                if (start < 0)
                {
                    _incoming.RemoveRange(0, Math.Max(0, _incoming.Count - (IdCardFrame.Preamble.Length - 1)));
                    return;
                }

                _incoming.RemoveRange(0, start);
                span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_incoming);
                if (!IdCardFrame.TryGetFrameLength(span, out var total) || span.Length < total)
                {
                    return;
                }

                var response = device.Respond(span[..total]);
                _incoming.RemoveRange(0, total);
                foreach (var b in response)
                {
                    _outgoing.Enqueue(b);
                }

                _available.Release();
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _available.Dispose();
        }

        base.Dispose(disposing);
    }
}
