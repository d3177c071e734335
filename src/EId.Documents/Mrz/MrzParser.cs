using System.Globalization;

namespace EId.Documents.Mrz;

/// <summary>
/// Parses ICAO 9303 machine-readable zones (TD1, TD2, TD3), verifying every check digit.
/// Never throws on bad input: every problem is a <see cref="MrzError"/>.
/// </summary>
public static class MrzParser
{
    /// <summary>Parses MRZ text: lines separated by line breaks (blank lines and surrounding spaces ignored).</summary>
    /// <param name="text">The MRZ text.</param>
    /// <param name="today">Reference date for the birth-date century (a birth date is never after it).</param>
    /// <returns>The parsed document or a typed failure.</returns>
    public static Result<MrzDocument, Failure<MrzError>> Parse(string? text, DateOnly today) =>
        Parse((text ?? string.Empty).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), today);

    /// <summary>Parses MRZ lines (surrounding spaces ignored).</summary>
    /// <param name="lines">Two lines (TD2, TD3) or three lines (TD1).</param>
    /// <param name="today">Reference date for the birth-date century (a birth date is never after it).</param>
    /// <returns>The parsed document or a typed failure.</returns>
    public static Result<MrzDocument, Failure<MrzError>> Parse(IReadOnlyList<string> lines, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var trimmed = lines.Select(l => (l ?? string.Empty).Trim()).Where(l => l.Length > 0).ToArray();
        var format = (trimmed.Length, trimmed.Length > 0 ? trimmed[0].Length : 0) switch
        {
            (3, 30) => MrzFormat.Td1,
            (2, 36) => MrzFormat.Td2,
            (2, 44) => MrzFormat.Td3,
            _ => (MrzFormat?)null,
        };
        if (format is null)
        {
            return Fail(MrzError.BadLength, $"Expected 3 lines of 30, 2 of 36 or 2 of 44 characters; got {trimmed.Length} line(s).");
        }

        var width = trimmed[0].Length;
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i].Length != width)
            {
                return Fail(MrzError.BadLength, $"Line {i + 1} has {trimmed[i].Length} characters; expected {width}.");
            }

            var bad = trimmed[i].AsSpan().IndexOfAnyExcept(MrzCharacters);
            if (bad >= 0)
            {
                return Fail(MrzError.BadCharacter, $"Line {i + 1}, position {bad + 1}: not an MRZ character.");
            }
        }

        return format switch
        {
            MrzFormat.Td1 => ParseTd1(trimmed, today),
            MrzFormat.Td2 => ParseTwoLine(trimmed, MrzFormat.Td2, today),
            _ => ParseTwoLine(trimmed, MrzFormat.Td3, today),
        };
    }

    private static readonly System.Buffers.SearchValues<char> MrzCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");

    private static Result<MrzDocument, Failure<MrzError>> ParseTd1(string[] l, DateOnly today)
    {
        string l1 = l[0], l2 = l[1], l3 = l[2];
        var code = l1[..2];
        if (code[0] is not ('I' or 'A' or 'C'))
        {
            return Fail(MrzError.BadDocumentCode, "A TD1 document code starts with I, A or C.");
        }

        var number = ReadDocumentNumber(l1.Substring(5, 9), l1[14], l1.Substring(15, 15));
        if (number.Error is { } numberError)
        {
            return numberError;
        }

        var dates = ReadDatesAndSex(l2, birthAt: 0, sexAt: 7, expiryAt: 8, today);
        if (dates.Error is { } datesError)
        {
            return datesError;
        }

        if (!CheckDigitMatches(l2[29], l1[5..30], l2[..7], l2[8..15], l2[18..29]))
        {
            return BadCheck(MrzField.Composite);
        }

        var (primary, secondary) = SplitName(l3);
        return new MrzDocument
        {
            Format = MrzFormat.Td1,
            DocumentCode = Strip(code),
            IssuingState = Strip(l1.Substring(2, 3)),
            DocumentNumber = number.Number,
            OptionalData = number.RemainingOptional,
            OptionalData2 = Strip(l2.Substring(18, 11)),
            Nationality = Strip(l2.Substring(15, 3)),
            BirthDate = dates.Birth,
            Sex = dates.Sex,
            ExpiryDate = dates.Expiry,
            PrimaryIdentifier = primary,
            SecondaryIdentifier = secondary,
        };
    }

    private static Result<MrzDocument, Failure<MrzError>> ParseTwoLine(string[] l, MrzFormat format, DateOnly today)
    {
        string l1 = l[0], l2 = l[1];
        var width = l1.Length;
        var code = l1[..2];
        var codeOk = format == MrzFormat.Td3 ? code[0] == 'P' : code[0] is 'I' or 'A' or 'C' or 'P' or 'V';
        if (!codeOk)
        {
            return Fail(MrzError.BadDocumentCode, format == MrzFormat.Td3 ? "A TD3 document code starts with P." : "A TD2 document code starts with I, A, C, P or V.");
        }

        var optionalEnd = width - 1;
        var optional = l2[28..optionalEnd];
        var number = format == MrzFormat.Td2
            ? ReadDocumentNumber(l2[..9], l2[9], optional)
            : ReadDocumentNumber(l2[..9], l2[9], string.Empty);
        if (number.Error is { } numberError)
        {
            return numberError;
        }

        var dates = ReadDatesAndSex(l2, birthAt: 13, sexAt: 20, expiryAt: 21, today);
        if (dates.Error is { } datesError)
        {
            return datesError;
        }

        string optionalData;
        if (format == MrzFormat.Td3)
        {
            // TD3: personal number (14) + its check digit, which may be a filler when the number is empty.
            var personal = l2.Substring(28, 14);
            var check = l2[42];
            var empty = personal.AsSpan().IndexOfAnyExcept('<') < 0;
            if (!(empty && check is '<' or '0') && !CheckDigitMatches(check, personal))
            {
                return BadCheck(MrzField.PersonalNumber);
            }

            optionalData = Strip(personal);
        }
        else
        {
            optionalData = number.RemainingOptional;
        }

        if (!CheckDigitMatches(l2[optionalEnd], l2[..10], l2[13..20], l2[21..optionalEnd]))
        {
            return BadCheck(MrzField.Composite);
        }

        var (primary, secondary) = SplitName(l1[5..]);
        return new MrzDocument
        {
            Format = format,
            DocumentCode = Strip(code),
            IssuingState = Strip(l1.Substring(2, 3)),
            DocumentNumber = number.Number,
            OptionalData = optionalData,
            Nationality = Strip(l2.Substring(10, 3)),
            BirthDate = dates.Birth,
            Sex = dates.Sex,
            ExpiryDate = dates.Expiry,
            PrimaryIdentifier = primary,
            SecondaryIdentifier = secondary,
        };
    }

    // A document number longer than 9 characters: a filler in the check-digit position, then the rest
    // of the number and its check digit at the start of the optional data, ended by a filler.
    private static (string Number, string RemainingOptional, Failure<MrzError>? Error) ReadDocumentNumber(string first9, char check, string optional)
    {
        if (check == '<' && optional.Length > 0 && optional[0] != '<')
        {
            var end = optional.IndexOf('<', StringComparison.Ordinal);
            if (end < 0)
            {
                end = optional.Length;
            }

            if (end < 2)
            {
                return (string.Empty, string.Empty, BadCheck(MrzField.DocumentNumber));
            }

            var full = first9 + optional[..(end - 1)];
            if (!CheckDigitMatches(optional[end - 1], full))
            {
                return (string.Empty, string.Empty, BadCheck(MrzField.DocumentNumber));
            }

            var rest = end < optional.Length ? optional[(end + 1)..] : string.Empty;
            return (Strip(full), Strip(rest), null);
        }

        if (!CheckDigitMatches(check, first9))
        {
            return (string.Empty, string.Empty, BadCheck(MrzField.DocumentNumber));
        }

        return (Strip(first9), Strip(optional), null);
    }

    private static (DateOnly Birth, Gender Sex, DateOnly Expiry, Failure<MrzError>? Error) ReadDatesAndSex(string line, int birthAt, int sexAt, int expiryAt, DateOnly today)
    {
        var birthText = line.Substring(birthAt, 6);
        if (!CheckDigitMatches(line[birthAt + 6], birthText))
        {
            return (default, default, default, BadCheck(MrzField.BirthDate));
        }

        var expiryText = line.Substring(expiryAt, 6);
        if (!CheckDigitMatches(line[expiryAt + 6], expiryText))
        {
            return (default, default, default, BadCheck(MrzField.ExpiryDate));
        }

        Gender sex;
        switch (line[sexAt])
        {
            case 'M': sex = Gender.Male; break;
            case 'F': sex = Gender.Female; break;
            case 'X': sex = Gender.Other; break;
            case '<': sex = Gender.Unspecified; break;
            default: return (default, default, default, Fail(MrzError.BadSex, "The sex field must be M, F, X or <."));
        }

        if (!TryReadDate(birthText, out var yy, out var month, out var day))
        {
            return (default, default, default, Fail(MrzError.BadDate, "The birth date is not YYMMDD."));
        }

        // Birth: the latest century that does not put the date after the reference date.
        var century = (today.Year / 100) * 100;
        if (!TryDate(century + yy, month, day, out var birth) || birth > today)
        {
            if (!TryDate(century - 100 + yy, month, day, out birth))
            {
                return (default, default, default, Fail(MrzError.BadDate, "The birth date is not a calendar date."));
            }
        }

        if (!TryReadDate(expiryText, out yy, out month, out day) || !TryDate(2000 + yy, month, day, out var expiry))
        {
            return (default, default, default, Fail(MrzError.BadDate, "The expiry date is not a calendar date."));
        }

        return (birth, sex, expiry, null);
    }

    private static bool TryReadDate(string text, out int yy, out int month, out int day)
    {
        var ok = int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out yy);
        ok &= int.TryParse(text.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month);
        ok &= int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day);
        return ok;
    }

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool CheckDigitMatches(char check, params ReadOnlySpan<string> segments) =>
        char.IsAsciiDigit(check) && MrzCheckDigit.Compute(segments) == check;

    private static (string Primary, string Secondary) SplitName(string field)
    {
        var split = field.IndexOf("<<", StringComparison.Ordinal);
        var primary = split < 0 ? field : field[..split];
        var secondary = split < 0 ? string.Empty : field[(split + 2)..];
        return (Words(primary), Words(secondary));
    }

    private static string Words(string part) => part.Replace('<', ' ').Trim();

    private static string Strip(string value) => value.TrimEnd('<');

    private static Failure<MrzError> BadCheck(MrzField field) => new(MrzError.BadCheckDigit, $"{field}: the check digit does not match.");

    private static Failure<MrzError> Fail(MrzError reason, string message) => new(reason, message);
}
