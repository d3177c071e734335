using System.Globalization;
using System.Text;

namespace EId.Privacy;

/// <summary>
/// Masks personal data for display, logs, exception messages and risk events.
/// The rules keep just enough to let a person recognise their own record.
/// </summary>
public static class PiiMask
{
    /// <summary>
    /// Masks an identity number, keeping the first four characters (region) and the last four:
    /// <c>110101199003074518</c> → <c>1101**********4518</c>. Values shorter than 16 keep at most a third of their characters.
    /// </summary>
    public static string IdNumber(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var keep = value.Length >= 16 ? 4 : value.Length / 6;
        return string.Concat(value.AsSpan(0, keep), new string('*', value.Length - (2 * keep)), value.AsSpan(value.Length - keep));
    }

    /// <summary>
    /// Masks a person's name, keeping only the first character of each word:
    /// <c>张三</c> → <c>张*</c>, <c>张三丰</c> → <c>张**</c>, <c>John Smith</c> → <c>J*** S****</c>.
    /// </summary>
    public static string Name(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length);
        var atWordStart = true;
        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            var isSeparator = element.Length == 1 && (char.IsWhiteSpace(element[0]) || element[0] is '-' or '·' or '\'' or ',');
            if (isSeparator)
            {
                builder.Append(element);
                atWordStart = true;
            }
            else
            {
                builder.Append(atWordStart ? element : "*");
                atWordStart = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>Masks a phone number, keeping the first three and last four digits: <c>13812345678</c> → <c>138****5678</c>.</summary>
    public static string Phone(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value.Length < 8)
        {
            return new string('*', value.Length);
        }

        return string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4));
    }

    /// <summary>Masks free text such as an address, keeping the first <paramref name="keep"/> characters.</summary>
    public static string Text(string? value, int keep = 6)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        keep = Math.Clamp(keep, 0, value.Length / 2);
        return string.Concat(value.AsSpan(0, keep), "***");
    }
}
