using System.IO.Ports;
using EId.Documents.IdCards;

namespace EId.Documents.Transport;

/// <summary>
/// A card reader on a serial port (UART, 8N1, 115200 bps by default). The port opens on first use; the
/// framing, timeouts and retries are those of <see cref="StreamIdCardTransport"/> over the port's stream.
/// </summary>
public sealed class SerialIdCardTransport : IIdCardTransport, IDisposable
{
    private readonly string _portName;
    private readonly int _baudRate;
    private readonly IdCardTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _openLock = new();
    private SerialPort? _port;
    private StreamIdCardTransport? _transport;

    /// <summary>Creates a transport for <paramref name="portName"/> (e.g. <c>/dev/ttyUSB0</c> or <c>COM3</c>).</summary>
    /// <param name="portName">The serial port.</param>
    /// <param name="baudRate">115200, 57600, 38400, 19200 or 9600.</param>
    /// <param name="options">Timeout and retries; defaults when null.</param>
    /// <param name="timeProvider">Clock for timeouts; system clock when null.</param>
    public SerialIdCardTransport(string portName, int baudRate = 115200, IdCardTransportOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        _portName = portName;
        _baudRate = baudRate;
        _options = options ?? new IdCardTransportOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask<Result<IdCardResponse, Failure<DocumentReadError>>> ExchangeAsync(IdCardCommand command, CancellationToken cancellationToken = default)
    {
        var transport = EnsureOpen(out var failure);
        return transport is null
            ? ValueTask.FromResult<Result<IdCardResponse, Failure<DocumentReadError>>>(failure!)
            : transport.ExchangeAsync(command, cancellationToken);
    }

    /// <summary>Closes the port.</summary>
    public void Dispose()
    {
        lock (_openLock)
        {
            _transport?.Dispose();
            _port?.Dispose();
            _transport = null;
            _port = null;
        }
    }

    private StreamIdCardTransport? EnsureOpen(out Failure<DocumentReadError>? failure)
    {
        failure = null;
        lock (_openLock)
        {
            if (_transport is not null)
            {
                return _transport;
            }

            var port = new SerialPort(_portName, _baudRate, Parity.None, 8, StopBits.One)
            {
                ReadTimeout = (int)_options.ResponseTimeout.TotalMilliseconds,
                WriteTimeout = (int)_options.ResponseTimeout.TotalMilliseconds,
            };
            try
            {
                port.Open();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                port.Dispose();
                failure = new Failure<DocumentReadError>(DocumentReadError.Unavailable, $"Cannot open serial port {_portName}: {ex.GetType().Name}.");
                return null;
            }

            _port = port;
            _transport = new StreamIdCardTransport(port.BaseStream, _options, _timeProvider);
            return _transport;
        }
    }
}
