using System.Globalization;
using System.Text.Json;
using EId.Documents;
using EId.Documents.CitizenIds;
using EId.Registry;

namespace EId.Demo;

/// <summary>Synthetic citizens: valid GB 11643 numbers from the generator, made-up names and addresses, sample-photo portraits.</summary>
public static class DemoCitizens
{
    private static readonly (string Region, string Place)[] Regions =
    [
        ("110105", "北京市朝阳区"), ("310104", "上海市徐汇区"), ("440305", "广东省深圳市南山区"), ("510107", "四川省成都市武侯区"), ("330106", "浙江省杭州市西湖区"), ("420106", "湖北省武汉市武昌区"),
    ];

    private static readonly JsonSerializerOptions CardJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] FamilyNames = ["王", "李", "张", "刘", "陈", "杨"];
    private static readonly string[] GivenNames = ["明远", "晓岚", "建华", "思雨", "志诚", "安宁"];
    private static readonly string[] Streets = ["示例路", "演示街", "样本大道", "测试巷", "虚构路", "模拟街"];

    /// <summary>One synthetic citizen per portrait; deterministic for a given index so reruns look the same.</summary>
    public static IReadOnlyList<CitizenRecord> Create(IReadOnlyList<byte[]> portraits)
    {
        var citizens = new List<CitizenRecord>();
        for (var i = 0; i < portraits.Count; i++)
        {
            var (region, place) = Regions[i % Regions.Length];
            var birth = new DateOnly(1960 + (i * 7 % 40), 1 + (i * 5 % 12), 1 + (i * 11 % 28));
            var male = i % 2 == 0;
            var sequence = 100 + (i * 10) + (male ? 1 : 2); // odd sequence digit = male (GB 11643)
            var id = CitizenIdNumber.Create(region, birth, sequence);
            citizens.Add(new CitizenRecord
            {
                IdNumber = id.Value,
                FullName = FamilyNames[i % FamilyNames.Length] + GivenNames[(i * 2) % GivenNames.Length],
                Gender = id.Gender,
                BirthDate = birth,
                Ethnicity = "汉",
                Address = $"{place}{Streets[i % Streets.Length]}{10 + i}号",
                Status = CitizenStatus.Valid,
                Portrait = new DocumentPortrait(portraits[i], ImageFormat.Jpeg),
            });
        }

        return citizens;
    }

    /// <summary>Writes the card file the simulated GA 467 reader answers from (no photo: WLT needs a licensed decoder).</summary>
    public static string WriteCardFile(CitizenRecord citizen, string folder, int index)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"citizen-{index + 1}.json");
        var card = new
        {
            idNumber = citizen.IdNumber,
            fullName = citizen.FullName,
            gender = (int)citizen.Gender,
            ethnicity = citizen.Ethnicity,
            birthDate = citizen.BirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            address = citizen.Address,
            issuingAuthority = "示例市公安局",
            validFrom = "20200101",
            validUntil = "20400101",
        };
        File.WriteAllText(path, JsonSerializer.Serialize(card, CardJson));
        return path;
    }
}
