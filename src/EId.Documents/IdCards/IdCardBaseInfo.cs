using System.Buffers.Binary;
using System.Globalization;
using EId.Documents.CitizenIds;

namespace EId.Documents.IdCards;

/// <summary>
/// The data of a successful read-base-information (30 01) response: 2-byte big-endian text length,
/// 2-byte big-endian photo length, the text block, and the photo (1024 bytes of WLT).
/// </summary>
/// <param name="Text">The text block bytes.</param>
/// <param name="Photo">The photo bytes (WLT; empty when the reader sent none).</param>
public sealed record IdCardBaseInfo(ReadOnlyMemory<byte> Text, ReadOnlyMemory<byte> Photo)
{
    /// <summary>The size of the WLT photo block on a card.</summary>
    public const int PhotoLength = 1024;

    /// <summary>Text <c>长期</c>: the card never expires.</summary>
    public const string LongTerm = "长期";

    /// <summary>Splits response data into text and photo.</summary>
    /// <param name="data">The response data (after SW1 SW2 SW3).</param>
    /// <returns>The parts, or <see cref="IdCardDataError.BadLength"/> when the lengths do not add up.</returns>
    public static Result<IdCardBaseInfo, Failure<IdCardDataError>> Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            return new Failure<IdCardDataError>(IdCardDataError.BadLength, "Base information starts with two 2-byte lengths.");
        }

        int textLength = BinaryPrimitives.ReadUInt16BigEndian(data);
        int photoLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (textLength != IdCardTextBlock.Length || data.Length != 4 + textLength + photoLength)
        {
            return new Failure<IdCardDataError>(IdCardDataError.BadLength, $"Text length {textLength} and photo length {photoLength} do not match {data.Length - 4} data bytes.");
        }

        return new IdCardBaseInfo(data.Slice(4, textLength).ToArray(), data.Slice(4 + textLength, photoLength).ToArray());
    }

    /// <summary>Builds base-information data from a text and a photo (simulators and tests).</summary>
    /// <param name="text">The card text.</param>
    /// <param name="photo">The WLT photo (normally 1024 bytes; may be empty).</param>
    /// <returns>The response data bytes.</returns>
    public static byte[] Encode(IdCardText text, ReadOnlySpan<byte> photo)
    {
        var block = IdCardTextBlock.Encode(text);
        var data = new byte[4 + block.Length + photo.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)block.Length);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)photo.Length);
        block.CopyTo(data, 4);
        photo.CopyTo(data.AsSpan(4 + block.Length));
        return data;
    }

    /// <summary>
    /// Decodes and checks the text and maps it to an <see cref="IdentityDocument"/> with the photo as a WLT portrait.
    /// Checks: ID number (GB 11643, birth date not after <paramref name="today"/>), codes, dates, and that the
    /// birth date and sex on the card agree with the ID number.
    /// </summary>
    /// <param name="today">Reference date for birth-date checks.</param>
    /// <returns>The document, or why the data is unusable.</returns>
    public Result<IdentityDocument, Failure<IdCardDataError>> ToIdentityDocument(DateOnly today)
    {
        var decoded = IdCardTextBlock.Decode(Text.Span);
        if (!decoded.IsSuccess)
        {
            return decoded.Error;
        }

        var portrait = Photo.IsEmpty ? null : new DocumentPortrait(Photo, ImageFormat.Wlt);
        return decoded.Value switch
        {
            ResidentIdCardText r => MapResident(r, portrait, today),
            ForeignPermanentResidenceCardText f => MapForeign(f, portrait, today),
            _ => Bad("Unknown text layout."),
        };
    }

    /// <summary>Lengths only: never prints personal data.</summary>
    /// <returns>A summary.</returns>
    public override string ToString() => $"IdCardBaseInfo(text {Text.Length} bytes, photo {Photo.Length} bytes)";

    private static Result<IdentityDocument, Failure<IdCardDataError>> MapResident(ResidentIdCardText r, DocumentPortrait? portrait, DateOnly today)
    {
        var number = CitizenIdNumber.Parse(r.IdNumber, today);
        if (!number.IsSuccess)
        {
            return Bad($"ID number: {number.Error.Reason}.");
        }

        if (!SexCodes.TryParse(r.SexCode, out var gender))
        {
            return Bad("The sex code is not 0, 1, 2 or 9.");
        }

        if (r.NationCode.Length != 2 || !int.TryParse(r.NationCode, NumberStyles.None, CultureInfo.InvariantCulture, out var nationCode) || NationCodes.NameOf(nationCode) is not { } nation)
        {
            return Bad("The nation code is not a GB/T 3304 code.");
        }

        var dates = ReadDates(r, today);
        if (dates.Error is { } error)
        {
            return error;
        }

        if (dates.Birth != number.Value.BirthDate || (gender != Gender.Unspecified && gender != number.Value.Gender))
        {
            return Bad("The birth date or sex on the card contradicts the ID number.");
        }

        return new IdentityDocument
        {
            Kind = DocumentKind.ResidentIdCard,
            IdNumber = number.Value.Value,
            FullName = r.Name,
            Gender = gender,
            BirthDate = dates.Birth,
            Nationality = "CHN",
            Ethnicity = nation,
            Address = r.Address,
            IssuingAuthority = r.IssuingAuthority,
            ValidFrom = dates.From,
            ValidUntil = dates.Until,
            Portrait = portrait,
        };
    }

    private static Result<IdentityDocument, Failure<IdCardDataError>> MapForeign(ForeignPermanentResidenceCardText f, DocumentPortrait? portrait, DateOnly today)
    {
        if (f.PermitNumber.Length is not (15 or 18) || !f.PermitNumber.All(char.IsAsciiLetterOrDigit))
        {
            return Bad("The permit number is not 15 or 18 letters and digits.");
        }

        if (!SexCodes.TryParse(f.SexCode, out var gender))
        {
            return Bad("The sex code is not 0, 1, 2 or 9.");
        }

        if (f.NationalityCode.Length != 3 || !f.NationalityCode.All(char.IsAsciiLetterUpper))
        {
            return Bad("The nationality is not a three-letter code.");
        }

        if (f.EnglishName.Length == 0)
        {
            return Bad("The English name is empty.");
        }

        var dates = ReadDates(f, today);
        if (dates.Error is { } error)
        {
            return error;
        }

        return new IdentityDocument
        {
            Kind = DocumentKind.ForeignPermanentResidenceCard,
            IdNumber = f.PermitNumber,
            FullName = f.EnglishName,
            Gender = gender,
            BirthDate = dates.Birth,
            Nationality = f.NationalityCode,
            IssuingAuthority = f.AuthorityCode,
            ValidFrom = dates.From,
            ValidUntil = dates.Until,
            Portrait = portrait,
        };
    }

    private static (DateOnly Birth, DateOnly From, DateOnly? Until, Failure<IdCardDataError>? Error) ReadDates(IdCardText t, DateOnly today)
    {
        if (!TryDate(t.BirthDate, out var birth) || birth > today)
        {
            return (default, default, null, new(IdCardDataError.BadField, "The birth date is not a past yyyyMMdd date."));
        }

        if (!TryDate(t.ValidFrom, out var from))
        {
            return (default, default, null, new(IdCardDataError.BadField, "The validity start is not a yyyyMMdd date."));
        }

        DateOnly? until = null;
        if (t.ValidUntil != LongTerm)
        {
            if (!TryDate(t.ValidUntil, out var end) || end < from)
            {
                return (default, default, null, new(IdCardDataError.BadField, "The validity end is neither 长期 nor a yyyyMMdd date after the start."));
            }

            until = end;
        }

        return (birth, from, until, null);
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static Failure<IdCardDataError> Bad(string message) => new(IdCardDataError.BadField, message);
}
