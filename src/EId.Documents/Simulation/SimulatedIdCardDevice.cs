using System.Text.Json;
using EId.Documents.IdCards;
using EId.Documents.Transport;

namespace EId.Documents.Simulation;

/// <summary>
/// A simulated GA 467 card reader: decodes command frames and answers with properly encoded response
/// frames, either from a card it holds (find → select → read, with the reader's status codes) or by
/// replaying recorded response frames in order. Connect it through <see cref="OpenStream"/> and a
/// <see cref="StreamIdCardTransport"/> so that simulated reads use the same decoder as hardware.
/// </summary>
public sealed class SimulatedIdCardDevice
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly Lock _lock = new();
    private readonly IReadOnlyList<byte[]>? _recording;
    private int _replayIndex;
    private SimulatedCard? _card;
    private bool _selected;

    /// <summary>Creates a device holding <paramref name="card"/> (null: no card on the reader).</summary>
    /// <param name="card">The card.</param>
    public SimulatedIdCardDevice(SimulatedCard? card = null) => _card = card;

    private SimulatedIdCardDevice(IReadOnlyList<byte[]> recording) => _recording = recording;

    /// <summary>How many command frames the device has answered.</summary>
    public int CommandsAnswered { get; private set; }

    /// <summary>A device that answers the n-th command with the n-th recorded response frame (cycling).</summary>
    /// <param name="responseFrames">Recorded response frames, sent as they are (they may be corrupt on purpose).</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentException">No frames.</exception>
    public static SimulatedIdCardDevice Replay(IEnumerable<byte[]> responseFrames)
    {
        ArgumentNullException.ThrowIfNull(responseFrames);
        var frames = responseFrames.ToArray();
        if (frames.Length == 0)
        {
            throw new ArgumentException("At least one recorded frame is required.", nameof(responseFrames));
        }

        return new SimulatedIdCardDevice(frames);
    }

    /// <summary>A device holding the card described by a JSON file (see <see cref="SimulatedCard"/>).</summary>
    /// <param name="path">The card file.</param>
    /// <returns>The device.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">The file is not a card description.</exception>
    public static SimulatedIdCardDevice FromCardFile(string path) => new(ParseCard(File.ReadAllText(path)));

    /// <summary>
    /// Parses a card description. Two shapes are accepted: the <see cref="ResidentIdCardText"/> fields in
    /// camelCase (<c>name</c>, <c>sexCode</c>, <c>nationCode</c>, <c>birthDate</c> as yyyyMMdd, …), or a
    /// citizen record as the registry writes it (<c>idNumber</c>, <c>fullName</c>, <c>gender</c>,
    /// <c>ethnicity</c>, <c>birthDate</c> as yyyy-MM-dd, <c>address</c>). Missing sex and birth date are
    /// taken from the ID number; missing validity is 2020-01-01 to long-term. <c>photoBase64</c> is optional
    /// (1024 zero bytes when absent).
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The card.</returns>
    /// <exception cref="JsonException">The text is not a card description.</exception>
    public static SimulatedCard ParseCard(string json)
    {
        var file = JsonSerializer.Deserialize<CardFile>(json, JsonOptions) ?? throw new JsonException("The card file is empty.");
        var idNumber = file.IdNumber?.Trim() ?? throw new JsonException("idNumber is required.");
        var name = file.Name ?? file.FullName ?? throw new JsonException("name or fullName is required.");
        var sexCode = file.SexCode ?? GenderCode(file.Gender) ?? (idNumber.Length == 18 && char.IsAsciiDigit(idNumber[16]) ? ((idNumber[16] - '0') % 2 == 1 ? "1" : "2") : "9");
        var nationCode = file.NationCode ?? (NationCodes.CodeOf(file.Ethnicity) is { } code ? code.ToString("00", System.Globalization.CultureInfo.InvariantCulture) : throw new JsonException("nationCode or a known ethnicity is required."));
        var birthDate = file.BirthDate?.Replace("-", string.Empty, StringComparison.Ordinal) ?? (idNumber.Length == 18 ? idNumber.Substring(6, 8) : throw new JsonException("birthDate is required."));
        var text = new ResidentIdCardText
        {
            Name = name,
            SexCode = sexCode,
            NationCode = nationCode,
            BirthDate = birthDate,
            Address = file.Address ?? string.Empty,
            IdNumber = idNumber,
            IssuingAuthority = file.IssuingAuthority ?? string.Empty,
            ValidFrom = file.ValidFrom?.Replace("-", string.Empty, StringComparison.Ordinal) ?? "20200101",
            ValidUntil = file.ValidUntil?.Replace("-", string.Empty, StringComparison.Ordinal) ?? IdCardBaseInfo.LongTerm,
        };
        var photoText = file.PhotoBase64 ?? file.PortraitBase64;
        byte[] photo;
        try
        {
            photo = photoText is null ? new byte[IdCardBaseInfo.PhotoLength] : Convert.FromBase64String(photoText);
        }
        catch (FormatException ex)
        {
            throw new JsonException("photoBase64 is not Base64.", ex);
        }

        try
        {
            // Fails early on fields that do not fit the text block, or a photo too large for one frame,
            // rather than when the device answers a read.
            IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, IdCardBaseInfo.Encode(text, photo)));
        }
        catch (ArgumentException ex)
        {
            throw new JsonException("A field or the photo is too long for the card's read response.", ex);
        }

        return new SimulatedCard(text, photo);
    }

    private static string? GenderCode(JsonElement? gender) => gender switch
    {
        { ValueKind: JsonValueKind.Number } g when g.TryGetInt32(out var n) => n switch { 1 => "1", 2 => "2", _ => "9" },
        { ValueKind: JsonValueKind.String } g => g.GetString()?.ToUpperInvariant() switch
        {
            "MALE" or "M" or "1" => "1",
            "FEMALE" or "F" or "2" => "2",
            _ => "9",
        },
        _ => null,
    };

    /// <summary>Puts a card on the reader (replacing any other).</summary>
    /// <param name="card">The card.</param>
    public void PlaceCard(SimulatedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (_lock)
        {
            _card = card;
            _selected = false;
        }
    }

    /// <summary>Takes the card off the reader.</summary>
    public void RemoveCard()
    {
        lock (_lock)
        {
            _card = null;
            _selected = false;
        }
    }

    /// <summary>Answers one command frame with one response frame, as the reader would.</summary>
    /// <param name="commandFrame">The bytes received.</param>
    /// <returns>The response frame bytes.</returns>
    public byte[] Respond(ReadOnlySpan<byte> commandFrame)
    {
        lock (_lock)
        {
            CommandsAnswered++;
            if (_recording is not null)
            {
                return _recording[_replayIndex++ % _recording.Count];
            }

            var decoded = IdCardFrame.DecodeCommand(commandFrame);
            if (!decoded.IsSuccess)
            {
                var status = decoded.Error.Reason == IdCardFrameError.BadChecksum ? IdCardStatus.CommandChecksumError : IdCardStatus.CommandLengthError;
                return IdCardFrame.EncodeResponse(IdCardResponse.Of(status));
            }

            return IdCardFrame.EncodeResponse(Answer(decoded.Value));
        }
    }

    /// <summary>A duplex stream to the device: write command frames, read response frames.</summary>
    /// <returns>A new stream.</returns>
    public Stream OpenStream() => new SimulatedReaderStream(this);

    private IdCardResponse Answer(IdCardCommand command)
    {
        if (command.IsSameCommandAs(IdCardCommand.FindCard))
        {
            _selected = false;
            return _card is null ? IdCardResponse.Of(IdCardStatus.FindFailed) : IdCardResponse.Of(IdCardStatus.FindSucceeded, new byte[4]);
        }

        if (command.IsSameCommandAs(IdCardCommand.SelectCard))
        {
            _selected = _card is not null;
            return _selected ? IdCardResponse.Of(IdCardStatus.Success, new byte[8]) : IdCardResponse.Of(IdCardStatus.SelectFailed);
        }

        if (command.IsSameCommandAs(IdCardCommand.ReadBaseInfo))
        {
            return _selected && _card is not null
                ? IdCardResponse.Of(IdCardStatus.Success, IdCardBaseInfo.Encode(_card.Text, _card.Photo.Span))
                : IdCardResponse.Of(IdCardStatus.ReadFailed);
        }

        return IdCardResponse.Of(IdCardStatus.CommandError);
    }

    private sealed class CardFile
    {
        public string? Name { get; set; }

        public string? SexCode { get; set; }

        public string? NationCode { get; set; }

        public string? BirthDate { get; set; }

        public string? Address { get; set; }

        public string? IdNumber { get; set; }

        public string? IssuingAuthority { get; set; }

        public string? ValidFrom { get; set; }

        public string? ValidUntil { get; set; }

        public string? PhotoBase64 { get; set; }

        public string? PortraitBase64 { get; set; }

        public string? FullName { get; set; }

        public JsonElement? Gender { get; set; }

        public string? Ethnicity { get; set; }
    }
}
