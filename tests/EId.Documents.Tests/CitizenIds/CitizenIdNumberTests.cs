using EId.Documents;
using EId.Documents.CitizenIds;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace EId.Documents.Tests.CitizenIds;

public class CitizenIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    // The two worked examples of GB 11643-1999 (Beijing Chaoyang 1949-12-31 seq 002; Guangdong Shantou 1880-01-01 seq 001).
    [InlineData("11010519491231002X", "110105", 1949, 12, 31, 2, Gender.Female, 'X')]
    [InlineData("440524188001010014", "440524", 1880, 1, 1, 1, Gender.Male, '4')]
    public void Parses_the_standard_examples(string value, string region, int y, int m, int d, int sequence, Gender gender, char check)
    {
        var id = CitizenIdNumber.Parse(value, Today).GetValueOrThrow();
        Assert.Equal(value, id.Value);
        Assert.Equal(region, id.RegionCode);
        Assert.Equal(new DateOnly(y, m, d), id.BirthDate);
        Assert.Equal(sequence, id.Sequence);
        Assert.Equal(gender, id.Gender);
        Assert.Equal(check, id.CheckCharacter);
        Assert.Equal(check, CitizenIdNumber.ComputeCheckCharacter(value.AsSpan(0, 17)));
    }

    [Fact]
    public void Accepts_lower_case_x_and_surrounding_spaces()
    {
        var id = CitizenIdNumber.Parse(" 11010519491231002x ", Today).GetValueOrThrow();
        Assert.Equal("11010519491231002X", id.Value);
        Assert.Equal("北京", id.ProvinceName);
    }

    [Theory]
    [InlineData(null, CitizenIdError.BadLength)]
    [InlineData("", CitizenIdError.BadLength)]
    [InlineData("11010519491231002", CitizenIdError.BadLength)]
    [InlineData("11010519491231002XX", CitizenIdError.BadLength)]
    [InlineData("1101051949123100X2", CitizenIdError.BadCharacter)]
    [InlineData("11010519491231002Y", CitizenIdError.BadCharacter)]
    [InlineData("1101051949１231002X", CitizenIdError.BadCharacter)] // full-width digit
    [InlineData("110105194912310021", CitizenIdError.BadChecksum)]
    [InlineData("110105194902300020", CitizenIdError.BadBirthDate)] // 30 February
    [InlineData("110105184912310020", CitizenIdError.BadBirthDate)] // 1849: before the earliest plausible date
    [InlineData("910105194912310020", CitizenIdError.BadRegion)] // first digit 9
    [InlineData("190105194912310020", CitizenIdError.BadRegion)] // 19 is no province
    [InlineData("010105194912310020", CitizenIdError.BadRegion)]
    public void Rejects_with_a_reason(string? value, CitizenIdError reason)
    {
        var result = CitizenIdNumber.Parse(value, Today);
        Assert.False(result.IsSuccess);
        Assert.Equal(reason, result.Error.Reason);
    }

    [Fact]
    public void A_birth_date_after_today_is_rejected_using_the_time_provider()
    {
        var born = new DateOnly(2026, 11, 24);
        var number = CitizenIdNumber.Create("110105", born, 11).Value;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);

        Assert.Equal(CitizenIdError.BadBirthDate, CitizenIdNumber.Parse(number, clock).Error!.Reason);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.True(CitizenIdNumber.Parse(number, clock).IsSuccess);
    }

    [Fact]
    public void Upgrades_a_legacy_15_digit_number()
    {
        var id = CitizenIdNumber.UpgradeLegacy("110105491231002", Today).GetValueOrThrow();
        Assert.Equal("11010519491231002X", id.Value);
        Assert.Equal(id, CitizenIdNumber.ParseAny("110105491231002", Today).GetValueOrThrow());
        Assert.Equal(CitizenIdError.BadCharacter, CitizenIdNumber.UpgradeLegacy("11010549123100X", Today).Error!.Reason);
        Assert.Equal(CitizenIdError.BadBirthDate, CitizenIdNumber.UpgradeLegacy("110105491331002", Today).Error!.Reason);
        Assert.Equal(CitizenIdError.BadLength, CitizenIdNumber.UpgradeLegacy("11010549123100", Today).Error!.Reason);
    }

    [Fact]
    public void Masks_for_display_and_never_prints_the_full_number()
    {
        var id = CitizenIdNumber.Parse("11010519491231002X", Today).GetValueOrThrow();
        Assert.Equal("1101**********002X", id.Masked);
        Assert.Equal(id.Masked, id.ToString());
        Assert.DoesNotContain("19491231", $"{id}", StringComparison.Ordinal);
    }

    [Fact]
    public void Create_rejects_impossible_arguments()
    {
        Assert.Throws<ArgumentException>(() => CitizenIdNumber.Create("990105", Today, 1));
        Assert.Throws<ArgumentException>(() => CitizenIdNumber.Create("11010", Today, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CitizenIdNumber.Create("110105", Today, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => CitizenIdNumber.Create("110105", new DateOnly(1800, 1, 1), 1));
    }

    internal static Gen<(string Region, DateOnly Birth, int Sequence)> Inputs =>
        from province in Gen.Elements(ProvinceCodes.All.ToArray())
        from rest in Gen.Choose(0, 9999)
        from days in Gen.Choose(0, Today.DayNumber - CitizenIdNumber.EarliestBirthDate.DayNumber)
        from sequence in Gen.Choose(0, 999)
        select ($"{province:00}{rest:0000}", CitizenIdNumber.EarliestBirthDate.AddDays(days), sequence);

    [Property(MaxTest = 300)]
    public Property Generated_numbers_parse_back_to_their_fields() =>
        Prop.ForAll(Arb.From(Inputs), input =>
        {
            var created = CitizenIdNumber.Create(input.Region, input.Birth, input.Sequence);
            var parsed = CitizenIdNumber.Parse(created.Value, Today);
            return parsed.IsSuccess && parsed.Value == created && parsed.Value.RegionCode == input.Region
                && parsed.Value.BirthDate == input.Birth && parsed.Value.Sequence == input.Sequence
                && parsed.Value.Gender == (input.Sequence % 2 == 1 ? Gender.Male : Gender.Female);
        });

    [Property(MaxTest = 300)]
    public Property Any_single_character_change_is_detected_by_the_checksum() =>
        Prop.ForAll(Arb.From(Inputs), Arb.From(Gen.Choose(0, 17)), Arb.From(Gen.Choose(1, 10)), (input, position, delta) =>
        {
            var value = CitizenIdNumber.Create(input.Region, input.Birth, input.Sequence).Value.ToCharArray();
            const string alphabet = "0123456789X";
            var size = position == 17 ? 11 : 10;
            var index = alphabet.IndexOf(value[position], StringComparison.Ordinal);
            value[position] = alphabet[(index + (delta % size == 0 ? 1 : delta % size)) % size];
            var result = CitizenIdNumber.Parse(new string(value), Today);

            // The change may also break the region or date first; it must never pass.
            return !result.IsSuccess;
        });

    [Property(MaxTest = 500)]
    public Property Random_text_gives_a_typed_failure_or_a_consistent_number(string? input)
    {
        var result = CitizenIdNumber.ParseAny(input, Today);
        return (!result.IsSuccess ? Enum.IsDefined(result.Error.Reason) : result.Value.Value.Length == 18).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Random_18_digit_strings_never_throw() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Elements("0123456789X".ToCharArray()), 18)), chars =>
        {
            var result = CitizenIdNumber.Parse(new string(chars), Today);
            return result.IsSuccess == (result.Error is null)
                && (!result.IsSuccess || CitizenIdNumber.ComputeCheckCharacter(chars.AsSpan(0, 17)) == chars[17]);
        });
}
