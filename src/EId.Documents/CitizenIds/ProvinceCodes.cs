namespace EId.Documents.CitizenIds;

/// <summary>
/// The two-digit province-level codes of GB/T 2260 that can start a citizen identity number,
/// plus 81/82/83 used by residence permits for Hong Kong, Macao and Taiwan residents.
/// </summary>
public static class ProvinceCodes
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [11] = "北京", [12] = "天津", [13] = "河北", [14] = "山西", [15] = "内蒙古",
        [21] = "辽宁", [22] = "吉林", [23] = "黑龙江",
        [31] = "上海", [32] = "江苏", [33] = "浙江", [34] = "安徽", [35] = "福建", [36] = "江西", [37] = "山东",
        [41] = "河南", [42] = "湖北", [43] = "湖南", [44] = "广东", [45] = "广西", [46] = "海南",
        [50] = "重庆", [51] = "四川", [52] = "贵州", [53] = "云南", [54] = "西藏",
        [61] = "陕西", [62] = "甘肃", [63] = "青海", [64] = "宁夏", [65] = "新疆",
        [71] = "台湾", [81] = "香港", [82] = "澳门", [83] = "台湾",
    };

    /// <summary>All known province-level codes, ascending.</summary>
    public static IReadOnlyList<int> All { get; } = [.. Names.Keys.Order()];

    /// <summary>True when <paramref name="code"/> is a known province-level code.</summary>
    /// <param name="code">The first two digits of a region code.</param>
    /// <returns>Whether the code is known.</returns>
    public static bool IsKnown(int code) => Names.ContainsKey(code);

    /// <summary>The short Chinese name of the province for <paramref name="code"/>, or null when unknown.</summary>
    /// <param name="code">The first two digits of a region code.</param>
    /// <returns>The name, or null.</returns>
    public static string? NameOf(int code) => Names.GetValueOrDefault(code);
}
