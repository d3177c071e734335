using EId.Postal.Regions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Tests.Waybills;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("110000", "北京市", true, false)]
    [InlineData("440300", "广东省", false, true)]
    [InlineData("440305", "广东省", false, false)]
    [InlineData("820000", "澳门特别行政区", true, false)]
    public void Valid_codes_parse(string code, string province, bool isProvince, bool isCity)
    {
        var region = RegionCode.Parse(code).Value;
        Assert.Equal(province, region.ProvinceName);
        Assert.Equal(isProvince, region.IsProvince);
        Assert.Equal(isCity, region.IsCity);
    }

    [Theory]
    [InlineData("", RegionError.Empty)]
    [InlineData("11010", RegionError.BadShape)]
    [InlineData("1101055", RegionError.BadShape)]
    [InlineData("11O105", RegionError.BadShape)]
    [InlineData("100000", RegionError.UnknownProvince)]
    [InlineData("990000", RegionError.UnknownProvince)]
    [InlineData("160101", RegionError.UnknownProvince)]
    [InlineData("110005", RegionError.BadHierarchy)]
    public void Bad_codes_give_typed_errors(string code, RegionError expected) =>
        Assert.Equal(expected, RegionCode.Parse(code).Error?.Reason);

    [Fact]
    public void Ranges_cover_the_divisions_below()
    {
        var guangdong = RegionCode.Parse("440000").Value;
        var shenzhen = RegionCode.Parse("440300").Value;
        var nanshan = RegionCode.Parse("440305").Value;
        var beijing = RegionCode.Parse("110105").Value;

        Assert.Equal(("440000", "449999"), guangdong.Range);
        Assert.Equal(("440300", "440399"), shenzhen.Range);
        Assert.True(guangdong.Contains(nanshan));
        Assert.True(shenzhen.Contains(nanshan));
        Assert.False(nanshan.Contains(shenzhen));
        Assert.False(guangdong.Contains(beijing));
    }

    [Property]
    public Property Any_text_parses_or_gives_a_typed_error(string? text) =>
        (RegionCode.Parse(text) is var r && (r.IsSuccess ? r.Value.Value.Length == 6 && r.Value.ProvinceName.Length > 0 : Enum.IsDefined(r.Error!.Reason))).ToProperty();
}
