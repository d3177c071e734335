using System.Text;

namespace EId.Documents.IdCards;

/// <summary>
/// Encodes and decodes the 256-byte UTF-16LE text block of a GA 467 base-information response.
/// Fields are fixed-width and padded with spaces; byte 248 holds the card-type marker on newer cards
/// (<c>I</c> for the foreigner's permanent residence card, a space for the resident ID card).
/// </summary>
public static class IdCardTextBlock
{
    /// <summary>The size of the text block in bytes.</summary>
    public const int Length = 256;

    /// <summary>The byte offset of the card-type marker.</summary>
    public const int CardTypeOffset = 248;

    /// <summary>Resident card: name, sex, nation, birth, address, number, authority, start, end (bytes), then 36 reserved.</summary>
    private static readonly (int Offset, int Length)[] Resident =
        [(0, 30), (30, 2), (32, 4), (36, 16), (52, 70), (122, 36), (158, 30), (188, 16), (204, 16)];

    /// <summary>Foreign card: English name, sex, permit number, nationality, Chinese name, start, end, birth, version, authority code; type at 248.</summary>
    private static readonly (int Offset, int Length)[] Foreign =
        [(0, 120), (120, 2), (122, 30), (152, 6), (158, 30), (188, 16), (204, 16), (220, 16), (236, 4), (240, 8)];

    /// <summary>Decodes a text block.</summary>
    /// <param name="block">Exactly <see cref="Length"/> bytes.</param>
    /// <returns>The text, or why the block is unreadable.</returns>
    public static Result<IdCardText, Failure<IdCardDataError>> Decode(ReadOnlySpan<byte> block)
    {
        if (block.Length != Length)
        {
            return Fail(IdCardDataError.BadLength, $"The text block must be {Length} bytes; got {block.Length}.");
        }

        var text = Encoding.Unicode.GetString(block);
        if (text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return Fail(IdCardDataError.BadText, "The text block is not valid UTF-16LE.");
        }

        var type = text[CardTypeOffset / 2];
        switch (type)
        {
            case 'I':
            {
                var f = Fields(text, Foreign);
                return new ForeignPermanentResidenceCardText
                {
                    EnglishName = f[0], SexCode = f[1], PermitNumber = f[2], NationalityCode = f[3], ChineseName = f[4],
                    ValidFrom = f[5], ValidUntil = f[6], BirthDate = f[7], CardVersion = f[8], AuthorityCode = f[9],
                };
            }

            case ' ' or '\0':
            {
                var f = Fields(text, Resident);
                return new ResidentIdCardText
                {
                    Name = f[0], SexCode = f[1], NationCode = f[2], BirthDate = f[3], Address = f[4],
                    IdNumber = f[5], IssuingAuthority = f[6], ValidFrom = f[7], ValidUntil = f[8],
                };
            }

            default:
                return Fail(IdCardDataError.UnsupportedCardType, $"Card type marker U+{(int)type:X4} is not supported.");
        }
    }

    /// <summary>Encodes a text block (simulators and tests).</summary>
    /// <param name="text">The fields.</param>
    /// <returns>The 256-byte block.</returns>
    /// <exception cref="ArgumentException">A field does not fit its width, or ends in white space (which decoding trims).</exception>
    public static byte[] Encode(IdCardText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var block = new byte[Length];
        Encoding.Unicode.GetBytes(new string(' ', Length / 2)).CopyTo(block, 0);
        switch (text)
        {
            case ResidentIdCardText r:
                Write(block, Resident, r.Name, r.SexCode, r.NationCode, r.BirthDate, r.Address, r.IdNumber, r.IssuingAuthority, r.ValidFrom, r.ValidUntil);
                break;
            case ForeignPermanentResidenceCardText f:
                Write(block, Foreign, f.EnglishName, f.SexCode, f.PermitNumber, f.NationalityCode, f.ChineseName, f.ValidFrom, f.ValidUntil, f.BirthDate, f.CardVersion, f.AuthorityCode);
                Encoding.Unicode.GetBytes("I").CopyTo(block, CardTypeOffset);
                break;
            default:
                throw new ArgumentException($"Unknown text layout {text.GetType().Name}.", nameof(text));
        }

        return block;
    }

    private static string[] Fields(string text, (int Offset, int Length)[] layout)
    {
        var fields = new string[layout.Length];
        for (var i = 0; i < layout.Length; i++)
        {
            fields[i] = text.Substring(layout[i].Offset / 2, layout[i].Length / 2).TrimEnd(' ', '\0').TrimStart(' ', '\0');
        }

        return fields;
    }

    private static void Write(byte[] block, (int Offset, int Length)[] layout, params string[] values)
    {
        for (var i = 0; i < layout.Length; i++)
        {
            var value = values[i] ?? string.Empty;
            var (offset, length) = layout[i];
            if (value.Length * 2 > length || value.Trim(' ', '\0').Length != value.Length)
            {
                throw new ArgumentException($"Field {i} does not fit {length / 2} characters or has surrounding spaces.", nameof(values));
            }

            Encoding.Unicode.GetBytes(value).CopyTo(block, offset);
        }
    }

    private static Failure<IdCardDataError> Fail(IdCardDataError reason, string message) => new(reason, message);
}
