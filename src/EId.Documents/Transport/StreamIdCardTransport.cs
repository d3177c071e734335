using System.Buffers.Binary;
using EId.Documents.IdCards;

namespace EId.Documents.Transport;

/// <summary>
/// GA 467 framing over any duplex <see cref="Stream"/>: writes a command frame, then reads until one
/// complete response frame (skipping stray bytes before the preamble), with a response timeout and
/// retries. The serial transport and the simulator both use it, so all run through one decoder.
/// </summary>
public sealed class StreamIdCardTransport : IIdCardTransport, IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly IdCardTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a transport over <paramref name="stream"/>.</summary>
    /// <param name="stream">A readable and writable stream connected to the reader.</param>
    /// <param name="options">Timeout and retries; defaults when null.</param>
    /// <param name="timeProvider">Clock for the response timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="ownsStream">Dispose <paramref name="stream"/> with this transport.</param>
    /// <exception cref="ArgumentException">The stream cannot both read and write.</exception>
    public StreamIdCardTransport(Stream stream, IdCardTransportOptions? options = null, TimeProvider? timeProvider = null, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanWrite)
        {
            throw new ArgumentException("The stream must be readable and writable.", nameof(stream));
        }

        _stream = stream;
        _ownsStream = ownsStream;
        _options = options ?? new IdCardTransportOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<Result<IdCardResponse, Failure<DocumentReadError>>> ExchangeAsync(IdCardCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var frame = IdCardFrame.EncodeCommand(command);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Failure<DocumentReadError>? last = null;
            for (var attempt = 0; attempt <= Math.Max(0, _options.Retries); attempt++)
            {
                var result = await ExchangeOnceAsync(frame, cancellationToken).ConfigureAwait(false);
                if (result.IsSuccess || result.Error.Reason == DocumentReadError.Unavailable)
                {
                    return result;
                }

                last = result.Error;
            }

            return last!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes the stream when this transport owns it.</summary>
    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private async Task<Result<IdCardResponse, Failure<DocumentReadError>>> ExchangeOnceAsync(byte[] frame, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ResponseTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _stream.WriteAsync(frame, linked.Token).ConfigureAwait(false);
            await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
            return await ReadResponseAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Failure<DocumentReadError>(DocumentReadError.Timeout, $"No complete response within {_options.ResponseTimeout.TotalMilliseconds:0} ms.");
        }
        catch (TimeoutException)
        {
            // Serial ports report their own read/write timeouts this way.
            return new Failure<DocumentReadError>(DocumentReadError.Timeout, "The port timed out.");
        }
        catch (IOException ex)
        {
            return new Failure<DocumentReadError>(DocumentReadError.Unavailable, $"The reader connection failed: {ex.GetType().Name}.");
        }
    }

    private async Task<Result<IdCardResponse, Failure<DocumentReadError>>> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var header = new byte[IdCardFrame.HeaderLength];
        var preamble = IdCardFrame.Preamble.ToArray();

        // Shift bytes through a 5-byte window until it holds the preamble; readers may send noise after power-up.
        var window = header.AsMemory(0, preamble.Length);
        if (!await ReadExactlyAsync(window, cancellationToken).ConfigureAwait(false))
        {
            return Closed();
        }

        var skipped = 0;
        while (!window.Span.SequenceEqual(preamble))
        {
            if (++skipped > _options.MaxSkippedBytes)
            {
                return BadFrame($"No preamble within {_options.MaxSkippedBytes} bytes.");
            }

            window.Span[1..].CopyTo(window.Span);
            if (!await ReadExactlyAsync(header.AsMemory(preamble.Length - 1, 1), cancellationToken).ConfigureAwait(false))
            {
                return Closed();
            }
        }

        if (!await ReadExactlyAsync(header.AsMemory(5, 2), cancellationToken).ConfigureAwait(false))
        {
            return Closed();
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(5));
        if (bodyLength < 4)
        {
            return BadFrame($"A response body has at least 4 bytes; the length field says {bodyLength}.");
        }

        var frame = new byte[IdCardFrame.HeaderLength + bodyLength];
        header.CopyTo(frame, 0);
        if (!await ReadExactlyAsync(frame.AsMemory(IdCardFrame.HeaderLength), cancellationToken).ConfigureAwait(false))
        {
            return Closed();
        }

        var decoded = IdCardFrame.DecodeResponse(frame);
        return decoded.IsSuccess
            ? decoded.Value
            : BadFrame($"{decoded.Error.Reason}: {decoded.Error.Message}");
    }

    private async Task<bool> ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length;
    }

    private static Failure<DocumentReadError> BadFrame(string message) => new(DocumentReadError.BadFrame, message);

    private static Failure<DocumentReadError> Closed() => new(DocumentReadError.Unavailable, "The reader closed the connection.");
}
