using System.Collections.Frozen;

namespace EId.Postal.Regions;

/// <summary>
/// A GB/T 2260 administrative division code: six digits, province (2) + city (2) + county (2).
/// Validation checks the shape, the province prefix against the embedded table of province-level
/// divisions (11–82) and the hierarchy (no county without a city); the full county table changes
/// yearly and is not embedded.
/// </summary>
public readonly record struct RegionCode
{
    private static readonly FrozenDictionary<int, string> Provinces = new Dictionary<int, string>
    {
        [11] = "北京市", [12] = "天津市", [13] = "河北省", [14] = "山西省", [15] = "内蒙古自治区",
        [21] = "辽宁省", [22] = "吉林省", [23] = "黑龙江省",
        [31] = "上海市", [32] = "江苏省", [33] = "浙江省", [34] = "安徽省", [35] = "福建省", [36] = "江西省", [37] = "山东省",
        [41] = "河南省", [42] = "湖北省", [43] = "湖南省", [44] = "广东省", [45] = "广西壮族自治区", [46] = "海南省",
        [50] = "重庆市", [51] = "四川省", [52] = "贵州省", [53] = "云南省", [54] = "西藏自治区",
        [61] = "陕西省", [62] = "甘肃省", [63] = "青海省", [64] = "宁夏回族自治区", [65] = "新疆维吾尔自治区",
        [71] = "台湾省", [81] = "香港特别行政区", [82] = "澳门特别行政区",
    }.ToFrozenDictionary();

    private RegionCode(string value) => Value = value;

    /// <summary>The six digits.</summary>
    public string Value { get; }

    /// <summary>The province-level prefix (first two digits).</summary>
    public int ProvinceCode => ((Value[0] - '0') * 10) + (Value[1] - '0');

    /// <summary>The province-level division's name.</summary>
    public string ProvinceName => Provinces[ProvinceCode];

    /// <summary>True for a province-level code (<c>xx0000</c>).</summary>
    public bool IsProvince => Value.EndsWith("0000", StringComparison.Ordinal);

    /// <summary>True for a city-level code (<c>xxyy00</c>, yy ≠ 00).</summary>
    public bool IsCity => !IsProvince && Value.EndsWith("00", StringComparison.Ordinal);

    /// <summary>
    /// The smallest and largest six-digit codes inside this division (inclusive): a province covers
    /// all its cities and counties, a city all its counties, a county only itself.
    /// </summary>
    public (string Lowest, string Highest) Range =>
        IsProvince ? (Value, string.Concat(Value.AsSpan(0, 2), "9999"))
        : IsCity ? (Value, string.Concat(Value.AsSpan(0, 4), "99"))
        : (Value, Value);

    /// <summary>Parses a region code.</summary>
    public static Result<RegionCode, Failure<RegionError>> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Failure<RegionError>(RegionError.Empty, "The region code is empty.");
        }

        var span = text.AsSpan().Trim();
        if (span.Length != 6 || span.ContainsAnyExceptInRange('0', '9'))
        {
            return new Failure<RegionError>(RegionError.BadShape, "A GB/T 2260 region code is six digits.");
        }

        var province = ((span[0] - '0') * 10) + (span[1] - '0');
        if (!Provinces.ContainsKey(province))
        {
            return new Failure<RegionError>(RegionError.UnknownProvince, $"No province-level division has the prefix {province:00}.");
        }

        if (span[2] == '0' && span[3] == '0' && !(span[4] == '0' && span[5] == '0'))
        {
            return new Failure<RegionError>(RegionError.BadHierarchy, "A county code needs a city code.");
        }

        return new RegionCode(span.ToString());
    }

    /// <summary>True when <paramref name="code"/> lies inside this division.</summary>
    public bool Contains(RegionCode code)
    {
        var (low, high) = Range;
        return string.CompareOrdinal(code.Value, low) >= 0 && string.CompareOrdinal(code.Value, high) <= 0;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
