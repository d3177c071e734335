namespace EId.Documents.IdCards;

/// <summary>GB/T 3304 codes of China's nationalities (ethnic groups), as written on the resident ID card.</summary>
public static class NationCodes
{
    private static readonly string[] Names =
    [
        "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜",
        "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
        "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
        "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
        "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
        "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ];

    /// <summary>Code 97: other (not identified).</summary>
    public const int Other = 97;

    /// <summary>Code 98: Chinese citizen of foreign origin.</summary>
    public const int ForeignOrigin = 98;

    /// <summary>Every defined code: 1–56, 97, 98.</summary>
    public static IReadOnlyList<int> All { get; } = [.. Enumerable.Range(1, Names.Length), Other, ForeignOrigin];

    /// <summary>The name for <paramref name="code"/> (e.g. 1 → 汉, 56 → 基诺), or null when undefined.</summary>
    /// <param name="code">The numeric code.</param>
    /// <returns>The name without the suffix 族, or null.</returns>
    public static string? NameOf(int code) => code switch
    {
        >= 1 and <= 56 => Names[code - 1],
        Other => "其他",
        ForeignOrigin => "外国血统",
        _ => null,
    };

    /// <summary>The code for a name (with or without the suffix 族), or null when unknown.</summary>
    /// <param name="name">The nationality name.</param>
    /// <returns>The code, or null.</returns>
    public static int? CodeOf(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var bare = name.Trim();
        if (bare.Length > 1 && bare.EndsWith('族'))
        {
            bare = bare[..^1];
        }

        foreach (var code in All)
        {
            if (NameOf(code) == bare)
            {
                return code;
            }
        }

        return null;
    }
}
