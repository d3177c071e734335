namespace EId.Documents.Mrz;

/// <summary>
/// Writes MRZ lines from fields, computing every check digit (test fixtures, simulators, specimens).
/// The inverse of <see cref="MrzParser"/> for fields that fit their positions.
/// </summary>
public static class MrzEncoder
{
    /// <summary>Encodes <paramref name="document"/> in its <see cref="MrzDocument.Format"/>.</summary>
    /// <param name="document">The fields; text is upper-cased, spaces become fillers, and over-long names are truncated.</param>
    /// <returns>Three lines (TD1) or two lines (TD2, TD3).</returns>
    /// <exception cref="ArgumentException">A field holds characters outside the MRZ set or does not fit its positions.</exception>
    public static string[] Encode(MrzDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var birth = document.BirthDate.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var expiry = document.ExpiryDate.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var sex = document.Sex switch { Gender.Male => "M", Gender.Female => "F", Gender.Other => "X", _ => "<" };
        var code = Field(document.DocumentCode, 2);
        var state = Field(document.IssuingState, 3);
        var nationality = Field(document.Nationality, 3);
        var number = Clean(document.DocumentNumber);
        var birthField = birth + MrzCheckDigit.Compute(birth);
        var expiryField = expiry + MrzCheckDigit.Compute(expiry);

        switch (document.Format)
        {
            case MrzFormat.Td1:
            {
                var (numberField, optional) = NumberWithOverflow(number, Clean(document.OptionalData), 15);
                var l1 = code + state + numberField + optional;
                var l2Body = birthField + sex + expiryField + nationality + Field(document.OptionalData2, 11);
                var composite = MrzCheckDigit.Compute(l1[5..30], l2Body[..7], l2Body[8..15], l2Body[18..29]);
                return [l1, l2Body + composite, Name(document, 30)];
            }

            case MrzFormat.Td2:
            {
                var (numberField, optional) = NumberWithOverflow(number, Clean(document.OptionalData), 7);
                var l2Body = numberField + nationality + birthField + sex + expiryField + optional;
                var composite = MrzCheckDigit.Compute(l2Body[..10], l2Body[13..20], l2Body[21..35]);
                return [code + state + Name(document, 31), l2Body + composite];
            }

            default:
            {
                var numberField = Field(number, 9);
                numberField += MrzCheckDigit.Compute(numberField);
                var personal = Field(document.OptionalData, 14);
                var personalCheck = document.OptionalData.Length == 0 ? '<' : MrzCheckDigit.Compute(personal);
                var l2Body = numberField + nationality + birthField + sex + expiryField + personal + personalCheck;
                var composite = MrzCheckDigit.Compute(l2Body[..10], l2Body[13..20], l2Body[21..43]);
                return [code + state + Name(document, 39), l2Body + composite];
            }
        }
    }

    // Returns the 10-character number+check field and the optional-data field of the given width.
    private static (string NumberField, string Optional) NumberWithOverflow(string number, string optional, int optionalWidth)
    {
        if (number.Length <= 9)
        {
            var field = Field(number, 9);
            return (field + MrzCheckDigit.Compute(field), Field(optional, optionalWidth));
        }

        var overflow = number[9..] + MrzCheckDigit.Compute(number) + "<" + optional;
        return (number[..9] + "<", Field(overflow, optionalWidth));
    }

    private static string Name(MrzDocument document, int width)
    {
        var primary = Clean(document.PrimaryIdentifier);
        var secondary = Clean(document.SecondaryIdentifier);
        var name = secondary.Length > 0 ? primary + "<<" + secondary : primary;
        return name.Length > width ? name[..width] : name.PadRight(width, '<');
    }

    private static string Field(string value, int width)
    {
        var clean = Clean(value);
        if (clean.Length > width)
        {
            throw new ArgumentException($"'{clean.Length}' characters do not fit a field of {width}.", nameof(value));
        }

        return clean.PadRight(width, '<');
    }

    private static string Clean(string value)
    {
        var clean = value.Trim().ToUpperInvariant().Replace(' ', '<');
        if (!clean.All(MrzCheckDigit.IsMrzCharacter))
        {
            throw new ArgumentException("The value holds characters outside the MRZ set.", nameof(value));
        }

        return clean;
    }
}
