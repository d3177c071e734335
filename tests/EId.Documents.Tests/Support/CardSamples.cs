using System.Text;
using EId.Documents;
using EId.Documents.IdCards;

namespace EId.Documents.Tests.Support;

/// <summary>Synthetic cards for tests (no real person's data).</summary>
internal static class CardSamples
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    public static ResidentIdCardText Resident(string? idNumber = null, string sexCode = "2", string birthDate = "19491231", string validUntil = "20300101") => new()
    {
        Name = "张三丰",
        SexCode = sexCode,
        NationCode = "01",
        BirthDate = birthDate,
        Address = "北京市朝阳区某某路1号",
        IdNumber = idNumber ?? "11010519491231002X",
        IssuingAuthority = "北京市公安局朝阳分局",
        ValidFrom = "20100101",
        ValidUntil = validUntil,
    };

    public static ForeignPermanentResidenceCardText Foreigner() => new()
    {
        EnglishName = "ERIKSSON ANNA MARIA",
        SexCode = "2",
        PermitNumber = "UTO110074081220",
        NationalityCode = "UTO",
        ChineseName = "安娜",
        ValidFrom = "20170616",
        ValidUntil = "20270615",
        BirthDate = "19740812",
        CardVersion = "01",
        AuthorityCode = "1100",
    };

    public static byte[] Photo()
    {
        var photo = new byte[IdCardBaseInfo.PhotoLength];
        for (var i = 0; i < photo.Length; i++)
        {
            photo[i] = (byte)(i * 7);
        }

        return photo;
    }

    /// <summary>Builds a resident text block by hand from the field table (offsets in bytes, UTF-16LE, space padded).</summary>
    public static byte[] HandBuiltResidentBlock(ResidentIdCardText t)
    {
        var block = new byte[256];
        for (var i = 0; i < 256; i += 2)
        {
            block[i] = 0x20;
        }

        Put(block, 0, t.Name);
        Put(block, 30, t.SexCode);
        Put(block, 32, t.NationCode);
        Put(block, 36, t.BirthDate);
        Put(block, 52, t.Address);
        Put(block, 122, t.IdNumber);
        Put(block, 158, t.IssuingAuthority);
        Put(block, 188, t.ValidFrom);
        Put(block, 204, t.ValidUntil);
        return block;
    }

    private static void Put(byte[] block, int offset, string value)
    {
        foreach (var c in value)
        {
            block[offset++] = (byte)(c & 0xFF);
            block[offset++] = (byte)(c >> 8);
        }
    }

    public static byte[] ReadResponseFrame(IdCardText text, byte[]? photo = null) =>
        IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, IdCardBaseInfo.Encode(text, photo ?? Photo())));

    public static string Utf16(byte[] bytes) => Encoding.Unicode.GetString(bytes);
}
