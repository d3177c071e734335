using EId.Diagnostics;
using EId.Documents.IdCards;
using EId.Documents.Simulation;
using EId.Documents.Transport;

namespace EId.Documents;

/// <summary>Reports every problem of <see cref="DocumentOptions"/> at start-up.</summary>
internal sealed class DocumentOptionsValidator : OptionsValidator<DocumentOptions>
{
    protected override void Collect(DocumentOptions options, List<string> problems)
    {
        if (options.ResponseTimeout <= TimeSpan.Zero || options.ResponseTimeout > TimeSpan.FromMinutes(1))
        {
            problems.Add("ResponseTimeout must be between 0 and 1 minute.");
        }

        if (options.Retries is < 0 or > 10)
        {
            problems.Add("Retries must be between 0 and 10.");
        }

        if (!DocumentOptions.SupportedBaudRates.Contains(options.BaudRate))
        {
            problems.Add("BaudRate must be 115200, 57600, 38400, 19200 or 9600.");
        }

        if (options.ReaderMode == IdCardReaderMode.Serial && string.IsNullOrWhiteSpace(options.SerialPortName))
        {
            problems.Add("SerialPortName is required in serial mode.");
        }

        if (options.ReaderMode == IdCardReaderMode.Simulator)
        {
            if (string.IsNullOrWhiteSpace(options.SimulatorCardFile) == (options.SimulatorFrameFiles.Count == 0))
            {
                problems.Add("Simulator mode needs exactly one of SimulatorCardFile or SimulatorFrameFiles.");
            }

            foreach (var file in options.SimulatorFrameFiles.Append(options.SimulatorCardFile).Where(f => !string.IsNullOrWhiteSpace(f)))
            {
                if (!File.Exists(file))
                {
                    problems.Add($"Simulator file not found: {file}");
                }
            }
        }
    }
}
