namespace EId.Documents.Mrz;

/// <summary>The ICAO 9303 check digit: weights 7, 3, 1 repeating; digits count as themselves, <c>A–Z</c> as 10–35, <c>&lt;</c> as 0; sum mod 10.</summary>
public static class MrzCheckDigit
{
    /// <summary>Computes the check digit over one or more field segments (the composite uses several).</summary>
    /// <param name="segments">The characters, in order; must be MRZ characters.</param>
    /// <returns>The check digit as a character <c>0</c>–<c>9</c>.</returns>
    /// <exception cref="ArgumentException">A character outside the MRZ set.</exception>
    public static char Compute(params ReadOnlySpan<string> segments)
    {
        var sum = 0;
        var position = 0;
        foreach (var segment in segments)
        {
            foreach (var c in segment)
            {
                var value = ValueOf(c);
                if (value < 0)
                {
                    throw new ArgumentException($"'{c}' is not an MRZ character.", nameof(segments));
                }

                sum += value * (position % 3) switch { 0 => 7, 1 => 3, _ => 1 };
                position++;
            }
        }

        return (char)('0' + (sum % 10));
    }

    /// <summary>True when <paramref name="c"/> is an MRZ character (<c>A–Z</c>, <c>0–9</c>, <c>&lt;</c>).</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether it is allowed in an MRZ.</returns>
    public static bool IsMrzCharacter(char c) => ValueOf(c) >= 0;

    private static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        '<' => 0,
        _ => -1,
    };
}
