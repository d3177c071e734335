using EId.Privacy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Abstractions.Tests.Privacy;

public sealed class PiiMaskTests
{
    [Theory]
    [InlineData("110101199003074518", "1101**********4518")]
    [InlineData("11010119900307451X", "1101**********451X")]
    [InlineData("", "")]
    public void IdNumber_keeps_region_and_last_four(string input, string expected) =>
        Assert.Equal(expected, PiiMask.IdNumber(input));

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("张三丰", "张**")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("John Smith", "J*** S****")]
    [InlineData("Anna-Maria", "A***-M****")]
    public void Name_keeps_first_character_of_each_word(string input, string expected) =>
        Assert.Equal(expected, PiiMask.Name(input));

    [Fact]
    public void Phone_keeps_prefix_and_last_four() =>
        Assert.Equal("138****5678", PiiMask.Phone("13812345678"));

    [Property]
    public Property IdNumber_never_reveals_more_than_a_third_and_keeps_length(NonEmptyString input)
    {
        var value = input.Get;
        var masked = PiiMask.IdNumber(value);
        var revealed = masked.Count(c => c != '*');
        // Long (real) numbers keep region and last four; shorter values keep at most a third.
        var allowed = value.Length >= 16 ? 8 : value.Length / 3;
        return (masked.Length == value.Length && revealed <= allowed).ToProperty();
    }

    [Property]
    public Property Name_reveals_only_word_starts(NonEmptyString input)
    {
        var original = Elements(input.Get);
        var masked = Elements(PiiMask.Name(input.Get));
        if (original.Count != masked.Count)
        {
            return false.ToProperty();
        }

        for (var i = 0; i < original.Count; i++)
        {
            var wordStart = i == 0 || IsSeparator(original[i - 1]);
            if (!wordStart && !IsSeparator(original[i]) && masked[i] != "*")
            {
                return false.ToProperty();
            }
        }

        return true.ToProperty();
    }

    private static bool IsSeparator(string element) =>
        element.Length == 1 && (char.IsWhiteSpace(element[0]) || element[0] is '-' or '·' or '\'' or ',');

    private static List<string> Elements(string value)
    {
        var list = new List<string>();
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            list.Add(enumerator.GetTextElement());
        }

        return list;
    }
}
