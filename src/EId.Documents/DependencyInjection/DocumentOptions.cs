using EId.Documents.IdCards;
using EId.Documents.Simulation;
using EId.Documents.Transport;

namespace EId.Documents;

/// <summary>Which device <see cref="IdCardReader"/> talks to.</summary>
public enum IdCardReaderMode
{
    /// <summary>A GA 467 reader on a serial port (<see cref="DocumentOptions.SerialPortName"/>).</summary>
    Serial = 0,

    /// <summary>A simulated reader holding the card in <see cref="DocumentOptions.SimulatorCardFile"/>, or replaying <see cref="DocumentOptions.SimulatorFrameFiles"/>.</summary>
    Simulator = 1,
}

/// <summary>Options for <c>AddEIdDocuments</c>; validated when the host starts.</summary>
public sealed class DocumentOptions
{
    /// <summary>Serial reader or simulator. Default <see cref="IdCardReaderMode.Serial"/>.</summary>
    public IdCardReaderMode ReaderMode { get; set; } = IdCardReaderMode.Serial;

    /// <summary>The serial port, e.g. <c>/dev/ttyUSB0</c> or <c>COM3</c> (required in serial mode).</summary>
    public string? SerialPortName { get; set; }

    /// <summary>Baud rate: 115200 (default), 57600, 38400, 19200 or 9600.</summary>
    public int BaudRate { get; set; } = 115200;

    /// <summary>How long to wait for one response frame. Default 3 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Resends after a timeout or corrupt frame. Default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Simulator mode: a JSON card file (see <see cref="SimulatedIdCardDevice.ParseCard"/>).</summary>
    public string? SimulatorCardFile { get; set; }

    /// <summary>Simulator mode: recorded response frames to replay in order, instead of a card file.</summary>
    public IList<string> SimulatorFrameFiles { get; } = [];

    /// <summary>The baud rates GA 467 readers support.</summary>
    public static IReadOnlyList<int> SupportedBaudRates { get; } = [115200, 57600, 38400, 19200, 9600];

    /// <summary>The transport timing these options describe.</summary>
    /// <returns>New transport options.</returns>
    public IdCardTransportOptions ToTransportOptions() => new() { ResponseTimeout = ResponseTimeout, Retries = Retries };
}
