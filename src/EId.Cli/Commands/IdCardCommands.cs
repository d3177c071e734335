using System.CommandLine;
using EId.Cli.Output;
using EId.Documents;
using EId.Documents.IdCards;
using EId.Documents.Simulation;
using EId.Documents.Transport;

namespace EId.Cli.Commands;

/// <summary><c>eid idcard …</c>: GA 467 resident ID card reader frames.</summary>
public static class IdCardCommands
{
    /// <summary>Builds the <c>idcard</c> verb group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var group = new Command("idcard", "GA 467 resident ID card reader frames.");
        group.Add(CreateParse());
        group.Add(CreateRead());
        return group;
    }

    private static Command CreateRead()
    {
        var simulator = new Option<FileInfo?>("--simulator") { Description = "Read from a simulated reader holding the card in this JSON file." };
        var port = new Option<string?>("--port") { Description = "Read from a GA 467 reader on this serial port (e.g. /dev/ttyUSB0)." };
        var baud = new Option<int>("--baud") { Description = "Serial baud rate.", DefaultValueFactory = _ => 115200 };
        var timeout = new Option<double>("--timeout") { Description = "Response timeout in seconds.", DefaultValueFactory = _ => 3 };
        var unmasked = PiiDisplay.CreateOption();
        var read = new Command("read", "Read a card through find → select → read (serial reader or simulator).") { simulator, port, baud, timeout, unmasked };
        read.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var pii = PiiDisplay.From(parseResult, unmasked);
            var cardFile = parseResult.GetValue(simulator);
            var portName = parseResult.GetValue(port);
            if ((cardFile is null) == string.IsNullOrWhiteSpace(portName))
            {
                return output.UsageError("Give exactly one of --simulator <card.json> or --port <serial port>.");
            }

            var baudRate = parseResult.GetValue(baud);
            if (portName is not null && !DocumentOptions.SupportedBaudRates.Contains(baudRate))
            {
                return output.UsageError($"--baud must be one of {string.Join(", ", DocumentOptions.SupportedBaudRates)}.");
            }

            var options = new IdCardTransportOptions { ResponseTimeout = TimeSpan.FromSeconds(Math.Clamp(parseResult.GetValue(timeout), 0.1, 60)) };
            IIdCardTransport transport;
            if (cardFile is not null)
            {
                SimulatedIdCardDevice device;
                try
                {
                    device = SimulatedIdCardDevice.FromCardFile(cardFile.FullName);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
                {
                    return output.EnvironmentError($"Cannot use card file {cardFile.FullName}: {ex.Message}");
                }

                transport = new StreamIdCardTransport(device.OpenStream(), options, ownsStream: true);
            }
            else
            {
                transport = new SerialIdCardTransport(portName!, baudRate, options);
            }

            try
            {
                var document = await new IdCardReader(transport).ReadAsync(cancellationToken).ConfigureAwait(false);
                var result = document.IsSuccess
                    ? new IdCardParseResult(true, IdCardStatus.Success.ToString(), DocumentView.From(document.Value, pii), null, null)
                    : new IdCardParseResult(false, null, null, document.Error.Reason.ToString(), document.Error.Message);
                return output.Report(result.Valid ? ExitCodes.Valid : ExitCodes.Invalid, result, Write);
            }
            finally
            {
                (transport as IDisposable)?.Dispose();
            }
        });
        return read;
    }

    private static Command CreateParse()
    {
        var file = new Argument<FileInfo>("frame-file") { Description = "A binary read-base-information (30 01) response frame." };
        var unmasked = PiiDisplay.CreateOption();
        var parse = new Command("parse", "Decode a GA 467 response frame and check the card data.") { file, unmasked };
        parse.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var pii = PiiDisplay.From(parseResult, unmasked);
            var path = parseResult.GetRequiredValue(file);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return output.EnvironmentError($"Cannot read {path.FullName}: {ex.Message}");
            }

            var frame = IdCardFrame.DecodeResponse(bytes);
            if (!frame.IsSuccess)
            {
                var bad = new IdCardParseResult(false, null, null, DocumentReadError.BadFrame.ToString(), $"{frame.Error.Reason}: {frame.Error.Message}");
                return output.Report(ExitCodes.Invalid, bad, Write);
            }

            var document = IdCardReader.Decode(frame.Value, Reference.Today);
            var result = document.IsSuccess
                ? new IdCardParseResult(true, frame.Value.Status.ToString(), DocumentView.From(document.Value, pii), null, null)
                : new IdCardParseResult(false, frame.Value.Status.ToString(), null, document.Error.Reason.ToString(), document.Error.Message);
            return output.Report(result.Valid ? ExitCodes.Valid : ExitCodes.Invalid, result, Write);
        });
        return parse;
    }

    private static void Write(TextWriter writer, IdCardParseResult result)
    {
        if (!result.Valid)
        {
            writer.WriteLine($"invalid      {result.Reason}: {result.Message}");
            return;
        }

        writer.WriteLine($"valid        status {result.Status}");
        result.Document!.WriteTo(writer);
    }

    /// <summary>The result of <c>eid idcard parse</c>.</summary>
    /// <param name="Valid">Whether the frame and its card data are valid.</param>
    /// <param name="Status">The reader status in the frame.</param>
    /// <param name="Document">The card data.</param>
    /// <param name="Reason">Why it is invalid (a <see cref="DocumentReadError"/> name).</param>
    /// <param name="Message">Explanation.</param>
    public sealed record IdCardParseResult(bool Valid, string? Status, DocumentView? Document, string? Reason, string? Message);
}
