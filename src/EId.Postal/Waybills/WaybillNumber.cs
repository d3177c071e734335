namespace EId.Postal.Waybills;

/// <summary>
/// A waybill number in the EId format: a two-letter carrier prefix (<c>A–Z</c>), a ten-digit serial
/// and one Luhn check digit over the serial, 13 characters in all, e.g. <c>SF12345678903</c>.
/// The check digit catches every single-digit typo and most adjacent transpositions at the counter.
/// </summary>
public readonly record struct WaybillNumber
{
    /// <summary>Total length of a waybill number.</summary>
    public const int Length = 13;

    /// <summary>Number of serial digits (without the check digit).</summary>
    public const int SerialDigits = 10;

    private WaybillNumber(string value) => Value = value;

    /// <summary>The canonical text (upper-case, no spaces).</summary>
    public string Value { get; }

    /// <summary>The two-letter carrier prefix.</summary>
    public string Carrier => Value[..2];

    /// <summary>The ten-digit serial.</summary>
    public long Serial => long.Parse(Value.AsSpan(2, SerialDigits), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/> (surrounding white space ignored; the prefix must already be upper-case).</summary>
    public static Result<WaybillNumber, Failure<WaybillError>> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail(WaybillError.Empty, "The waybill number is empty.");
        }

        var span = text.AsSpan().Trim();
        if (span.Length != Length)
        {
            return Fail(WaybillError.BadLength, $"A waybill number has {Length} characters; got {Math.Min(span.Length, 999)}.");
        }

        if (!char.IsAsciiLetterUpper(span[0]) || !char.IsAsciiLetterUpper(span[1]))
        {
            return Fail(WaybillError.BadCarrierPrefix, "A waybill number starts with two upper-case letters.");
        }

        for (var i = 2; i < Length; i++)
        {
            if (!char.IsAsciiDigit(span[i]))
            {
                return Fail(WaybillError.BadCharacter, $"Character {i + 1} of the waybill number is not a digit.");
            }
        }

        if (CheckDigit(span.Slice(2, SerialDigits)) != span[Length - 1] - '0')
        {
            return Fail(WaybillError.BadCheckDigit, "The waybill check digit does not match.");
        }

        return new WaybillNumber(span.ToString());
    }

    /// <summary>Makes a waybill number from a carrier prefix and a serial, adding the check digit.</summary>
    /// <exception cref="ArgumentException">The prefix is not two upper-case letters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The serial is negative or has more than ten digits.</exception>
    public static WaybillNumber Create(string carrier, long serial)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        if (carrier.Length != 2 || !char.IsAsciiLetterUpper(carrier[0]) || !char.IsAsciiLetterUpper(carrier[1]))
        {
            throw new ArgumentException("The carrier prefix is two upper-case letters.", nameof(carrier));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 9_999_999_999L);
        var digits = serial.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        return new WaybillNumber(string.Concat(carrier, digits, ((char)('0' + CheckDigit(digits))).ToString()));
    }

    /// <summary>The Luhn check digit of a digit string.</summary>
    private static int CheckDigit(ReadOnlySpan<char> digits)
    {
        // Luhn: double every second digit from the right of the payload (the check digit's neighbour first).
        var sum = 0;
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10;
    }

    private static Failure<WaybillError> Fail(WaybillError reason, string message) => new(reason, message);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
