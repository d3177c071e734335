using EId.Postal.Waybills;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Tests.Waybills;

public sealed class WaybillNumberTests
{
    [Theory]
    [InlineData("SF", 1234567890L, "SF12345678903")]
    [InlineData("EI", 0L, "EI00000000000")]
    [InlineData("YT", 9999999999L, "YT99999999990")]
    public void Create_appends_the_Luhn_check_digit(string carrier, long serial, string expected)
    {
        var number = WaybillNumber.Create(carrier, serial);
        Assert.Equal(expected, number.Value);
        Assert.Equal(carrier, number.Carrier);
        Assert.Equal(serial, number.Serial);
        Assert.Equal(number, WaybillNumber.Parse($"  {expected} ").Value);
    }

    [Theory]
    [InlineData(null, WaybillError.Empty)]
    [InlineData("   ", WaybillError.Empty)]
    [InlineData("SF1234567890", WaybillError.BadLength)]
    [InlineData("SF123456789033", WaybillError.BadLength)]
    [InlineData("sf12345678903", WaybillError.BadCarrierPrefix)]
    [InlineData("S112345678903", WaybillError.BadCarrierPrefix)]
    [InlineData("SF1234567890X", WaybillError.BadCharacter)]
    [InlineData("SF１２345678903", WaybillError.BadCharacter)]
    [InlineData("SF12345678904", WaybillError.BadCheckDigit)]
    [InlineData("SF21345678903", WaybillError.BadCheckDigit)]
    public void Malformed_numbers_give_typed_errors(string? text, WaybillError expected) =>
        Assert.Equal(expected, WaybillNumber.Parse(text).Error?.Reason);

    [Property]
    public Property Any_text_parses_or_gives_a_typed_error(string? text) =>
        (WaybillNumber.Parse(text) is var r && (r.IsSuccess ? r.Value.Value.Length == WaybillNumber.Length : Enum.IsDefined(r.Error!.Reason))).ToProperty();

    [Property]
    public Property Every_single_digit_typo_is_caught() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(0, int.MaxValue).SelectMany(serial => Gen.Choose(2, 12).SelectMany(position => Gen.Choose(1, 9).Select(delta => (serial, position, delta))))),
            t =>
            {
                var text = WaybillNumber.Create("EI", t.serial).Value.ToCharArray();
                text[t.position] = (char)('0' + ((text[t.position] - '0' + t.delta) % 10));
                return WaybillNumber.Parse(new string(text)).Error?.Reason == WaybillError.BadCheckDigit;
            });

    [Fact]
    public void Create_rejects_bad_prefixes_and_serials()
    {
        Assert.Throws<ArgumentException>(() => WaybillNumber.Create("S", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WaybillNumber.Create("SF", 10_000_000_000L));
        Assert.Throws<ArgumentOutOfRangeException>(() => WaybillNumber.Create("SF", -1));
    }
}
