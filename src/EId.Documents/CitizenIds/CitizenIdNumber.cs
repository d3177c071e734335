using System.Globalization;
using EId.Privacy;

namespace EId.Documents.CitizenIds;

/// <summary>
/// A validated GB 11643-1999 citizen identity number: 6-digit region code, 8-digit birth date,
/// 3-digit sequence (odd last digit for men) and an ISO 7064 MOD 11-2 check character.
/// <see cref="ToString"/> masks the number, so an instance can be logged.
/// </summary>
public sealed record CitizenIdNumber
{
    /// <summary>The length of a current (1999) number.</summary>
    public const int Length = 18;

    /// <summary>The length of a legacy (first-generation) number.</summary>
    public const int LegacyLength = 15;

    /// <summary>The earliest birth date accepted; older dates are treated as data errors.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1850, 1, 1);

    // ISO 7064 MOD 11-2 weights, 2^(17-i) mod 11, for the 17 leading digits.
    private static ReadOnlySpan<byte> Weights => [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private CitizenIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The full 18-character number (upper-case <c>X</c>). Personal data: do not log it.</summary>
    public string Value { get; }

    /// <summary>The 6-digit administrative-division code of the place of first registration.</summary>
    public string RegionCode => Value[..6];

    /// <summary>The two-digit province code (first two digits of <see cref="RegionCode"/>).</summary>
    public int ProvinceCode => ((Value[0] - '0') * 10) + (Value[1] - '0');

    /// <summary>The short province name, or null for a code this library does not name.</summary>
    public string? ProvinceName => ProvinceCodes.NameOf(ProvinceCode);

    /// <summary>The date of birth.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>The 3-digit sequence number within region and birth date.</summary>
    public int Sequence => ((Value[14] - '0') * 100) + ((Value[15] - '0') * 10) + (Value[16] - '0');

    /// <summary>Gender from the sequence: odd is male, even is female.</summary>
    public Gender Gender => (Value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;

    /// <summary>The check character (<c>0</c>–<c>9</c> or <c>X</c>).</summary>
    public char CheckCharacter => Value[17];

    /// <summary>The number masked for display and logs, e.g. <c>1101**********1234</c>.</summary>
    public string Masked => PiiMask.IdNumber(Value);

    /// <summary>Parses an 18-character number, judging the birth date against today's local date from <paramref name="timeProvider"/>.</summary>
    /// <param name="value">The number; surrounding white space is ignored and a lower-case <c>x</c> accepted.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The number or the reason it is invalid.</returns>
    public static Result<CitizenIdNumber, Failure<CitizenIdError>> Parse(string? value, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Parse(value, DateOnly.FromDateTime(timeProvider.GetLocalNow().DateTime));
    }

    /// <summary>Parses an 18-character number; the birth date must not be after <paramref name="today"/>.</summary>
    /// <param name="value">The number; surrounding white space is ignored and a lower-case <c>x</c> accepted.</param>
    /// <param name="today">The reference date for the birth-date check.</param>
    /// <returns>The number or the reason it is invalid.</returns>
    public static Result<CitizenIdNumber, Failure<CitizenIdError>> Parse(string? value, DateOnly today)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length != Length)
        {
            return Fail(CitizenIdError.BadLength, $"Expected {Length} characters, got {text.Length}.");
        }

        Span<char> chars = stackalloc char[Length];
        text.AsSpan().CopyTo(chars);
        if (chars[17] == 'x')
        {
            chars[17] = 'X';
        }

        for (var i = 0; i < Length; i++)
        {
            var ok = char.IsAsciiDigit(chars[i]) || (i == Length - 1 && chars[i] == 'X');
            if (!ok)
            {
                return Fail(CitizenIdError.BadCharacter, $"Position {i + 1} must be a digit{(i == Length - 1 ? " or X" : string.Empty)}.");
            }
        }

        var fields = CheckFields(chars, today);
        if (fields.Error is { } fieldError)
        {
            return fieldError;
        }

        if (ComputeCheckCharacter(chars[..17]) != chars[17])
        {
            return Fail(CitizenIdError.BadChecksum, "The check character does not match (ISO 7064 MOD 11-2).");
        }

        return new CitizenIdNumber(new string(chars), fields.BirthDate);
    }

    /// <summary>
    /// Upgrades a 15-digit legacy number (2-digit year) to the 18-character form: inserts <c>19</c>
    /// before the year and appends the computed check character.
    /// </summary>
    /// <param name="value">The 15-digit number.</param>
    /// <param name="today">The reference date for the birth-date check.</param>
    /// <returns>The upgraded number or the reason the legacy number is invalid.</returns>
    public static Result<CitizenIdNumber, Failure<CitizenIdError>> UpgradeLegacy(string? value, DateOnly today)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length != LegacyLength)
        {
            return Fail(CitizenIdError.BadLength, $"Expected {LegacyLength} digits, got {text.Length}.");
        }

        for (var i = 0; i < LegacyLength; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return Fail(CitizenIdError.BadCharacter, $"Position {i + 1} must be a digit.");
            }
        }

        Span<char> chars = stackalloc char[Length];
        text.AsSpan(0, 6).CopyTo(chars);
        chars[6] = '1';
        chars[7] = '9';
        text.AsSpan(6).CopyTo(chars[8..]);
        var fields = CheckFields(chars, today);
        if (fields.Error is { } fieldError)
        {
            return fieldError;
        }

        chars[17] = ComputeCheckCharacter(chars[..17]);
        return new CitizenIdNumber(new string(chars), fields.BirthDate);
    }

    /// <summary>Parses either form: 18 characters, or 15 digits upgraded with <see cref="UpgradeLegacy"/>.</summary>
    /// <param name="value">The number.</param>
    /// <param name="today">The reference date for the birth-date check.</param>
    /// <returns>The number or the reason it is invalid.</returns>
    public static Result<CitizenIdNumber, Failure<CitizenIdError>> ParseAny(string? value, DateOnly today) =>
        (value ?? string.Empty).Trim().Length == LegacyLength ? UpgradeLegacy(value, today) : Parse(value, today);

    /// <summary>Computes the ISO 7064 MOD 11-2 check character of the first 17 digits.</summary>
    /// <param name="first17">Exactly 17 ASCII digits.</param>
    /// <returns><c>0</c>–<c>9</c> or <c>X</c>.</returns>
    /// <exception cref="ArgumentException">Not exactly 17 ASCII digits.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are required.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17[i] - '0';
            if ((uint)digit > 9)
            {
                throw new ArgumentException("Only ASCII digits are allowed.", nameof(first17));
            }

            sum += digit * Weights[i];
        }

        var check = (12 - (sum % 11)) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    /// <summary>
    /// Builds a valid number for a region, birth date and sequence (synthetic test and demo citizens).
    /// </summary>
    /// <param name="regionCode">Six digits starting with a known province code (<see cref="ProvinceCodes"/>).</param>
    /// <param name="birthDate">The birth date (from <see cref="EarliestBirthDate"/> to 9999).</param>
    /// <param name="sequence">0–999; odd for a man, even for a woman.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentException">A region code that is not six digits with a known province.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sequence outside 0–999 or a birth date before <see cref="EarliestBirthDate"/>.</exception>
    public static CitizenIdNumber Create(string regionCode, DateOnly birthDate, int sequence)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999);
        ArgumentOutOfRangeException.ThrowIfLessThan(birthDate, EarliestBirthDate);
        if (regionCode.Length != 6 || !regionCode.All(char.IsAsciiDigit) || !ProvinceCodes.IsKnown(int.Parse(regionCode.AsSpan(0, 2), CultureInfo.InvariantCulture)))
        {
            throw new ArgumentException("The region code must be six digits starting with a known province code.", nameof(regionCode));
        }

        Span<char> chars = stackalloc char[Length];
        regionCode.AsSpan().CopyTo(chars);
        birthDate.TryFormat(chars[6..], out _, "yyyyMMdd", CultureInfo.InvariantCulture);
        sequence.TryFormat(chars[14..], out _, "000", CultureInfo.InvariantCulture);
        chars[17] = ComputeCheckCharacter(chars[..17]);
        return new CitizenIdNumber(new string(chars), birthDate);
    }

    /// <summary>The masked number; never the full value.</summary>
    /// <returns><see cref="Masked"/>.</returns>
    public override string ToString() => Masked;

    private static (DateOnly BirthDate, Failure<CitizenIdError>? Error) CheckFields(ReadOnlySpan<char> chars, DateOnly today)
    {
        if (chars[0] is < '1' or > '8' || !ProvinceCodes.IsKnown(((chars[0] - '0') * 10) + (chars[1] - '0')))
        {
            return (default, new Failure<CitizenIdError>(CitizenIdError.BadRegion, "The region code does not start with a known province code."));
        }

        // Digits were checked by the caller; parse by hand (this is the hot path of every check).
        var year = ((chars[6] - '0') * 1000) + ((chars[7] - '0') * 100) + ((chars[8] - '0') * 10) + (chars[9] - '0');
        var month = ((chars[10] - '0') * 10) + (chars[11] - '0');
        var day = ((chars[12] - '0') * 10) + (chars[13] - '0');
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return (default, new Failure<CitizenIdError>(CitizenIdError.BadBirthDate, "The birth date is not a calendar date."));
        }

        var birth = new DateOnly(year, month, day);
        if (birth < EarliestBirthDate || birth > today)
        {
            return (default, new Failure<CitizenIdError>(CitizenIdError.BadBirthDate, "The birth date is implausibly old or in the future."));
        }

        return (birth, null);
    }

    private static Failure<CitizenIdError> Fail(CitizenIdError reason, string message) => new(reason, message);
}
