using System.Buffers.Binary;
using EId.Documents;
using EId.Documents.IdCards;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Documents.Tests.IdCards;

public class IdCardTextBlockTests
{
    private static readonly DateOnly Today = CardSamples.Today;

    [Fact]
    public void Decodes_a_hand_built_resident_block_and_encodes_it_identically()
    {
        var text = CardSamples.Resident();
        var block = CardSamples.HandBuiltResidentBlock(text);
        Assert.Equal(text, IdCardTextBlock.Decode(block).GetValueOrThrow());
        Assert.Equal(block, IdCardTextBlock.Encode(text));
    }

    [Fact]
    public void Maps_base_information_to_an_identity_document()
    {
        var data = IdCardBaseInfo.Encode(CardSamples.Resident(), CardSamples.Photo());
        Assert.Equal(4 + 256 + 1024, data.Length);
        Assert.Equal(256, BinaryPrimitives.ReadUInt16BigEndian(data));
        Assert.Equal(1024, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2)));

        var document = IdCardBaseInfo.Parse(data).GetValueOrThrow().ToIdentityDocument(Today).GetValueOrThrow();
        Assert.Equal(DocumentKind.ResidentIdCard, document.Kind);
        Assert.Equal("11010519491231002X", document.IdNumber);
        Assert.Equal("张三丰", document.FullName);
        Assert.Equal(Gender.Female, document.Gender);
        Assert.Equal("汉", document.Ethnicity);
        Assert.Equal(new DateOnly(1949, 12, 31), document.BirthDate);
        Assert.Equal("北京市朝阳区某某路1号", document.Address);
        Assert.Equal("北京市公安局朝阳分局", document.IssuingAuthority);
        Assert.Equal(new DateOnly(2010, 1, 1), document.ValidFrom);
        Assert.Equal(new DateOnly(2030, 1, 1), document.ValidUntil);
        Assert.Equal(ImageFormat.Wlt, document.Portrait!.Format);
        Assert.Equal(CardSamples.Photo(), document.Portrait.Data.ToArray());
        Assert.DoesNotContain("张三丰", document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Long_term_validity_has_no_end_date()
    {
        var data = IdCardBaseInfo.Encode(CardSamples.Resident(validUntil: "长期"), []);
        var document = IdCardBaseInfo.Parse(data).GetValueOrThrow().ToIdentityDocument(Today).GetValueOrThrow();
        Assert.Null(document.ValidUntil);
        Assert.Null(document.Portrait);
        Assert.True(document.IsValidOn(new DateOnly(2099, 1, 1)));
    }

    [Fact]
    public void Reads_the_foreigner_permanent_residence_card_layout()
    {
        var text = CardSamples.Foreigner();
        var block = IdCardTextBlock.Encode(text);
        Assert.Equal((byte)'I', block[IdCardTextBlock.CardTypeOffset]);
        Assert.Equal("UTO110074081220", CardSamples.Utf16(block[122..152]));
        Assert.Equal(text, IdCardTextBlock.Decode(block).GetValueOrThrow());

        var document = IdCardBaseInfo.Parse(IdCardBaseInfo.Encode(text, CardSamples.Photo())).GetValueOrThrow().ToIdentityDocument(Today).GetValueOrThrow();
        Assert.Equal(DocumentKind.ForeignPermanentResidenceCard, document.Kind);
        Assert.Equal("UTO110074081220", document.IdNumber);
        Assert.Equal("UTO", document.Nationality);
        Assert.Equal(new DateOnly(1974, 8, 12), document.BirthDate);
    }

    [Theory]
    [InlineData("11010519491231002X", "1", "19491231", "20300101")] // sex contradicts the number
    [InlineData("11010519491231002X", "2", "19491230", "20300101")] // birth contradicts the number
    [InlineData("110105194912310021", "2", "19491231", "20300101")] // bad checksum
    [InlineData("11010519491231002X", "5", "19491231", "20300101")] // undefined sex code
    [InlineData("11010519491231002X", "2", "19491231", "20090101")] // ends before it starts
    [InlineData("11010519491231002X", "2", "19491231", "永久")]
    public void Rejects_inconsistent_card_data(string idNumber, string sex, string birth, string until)
    {
        var data = IdCardBaseInfo.Encode(CardSamples.Resident(idNumber, sex, birth, until), CardSamples.Photo());
        var result = IdCardBaseInfo.Parse(data).GetValueOrThrow().ToIdentityDocument(Today);
        Assert.False(result.IsSuccess);
        Assert.Equal(IdCardDataError.BadField, result.Error.Reason);
        Assert.DoesNotContain(idNumber, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_bad_lengths_and_unknown_card_types()
    {
        Assert.Equal(IdCardDataError.BadLength, IdCardBaseInfo.Parse([0x01, 0x00, 0x04]).Error!.Reason);
        var data = IdCardBaseInfo.Encode(CardSamples.Resident(), CardSamples.Photo());
        Assert.Equal(IdCardDataError.BadLength, IdCardBaseInfo.Parse(data.AsSpan(0, data.Length - 1)).Error!.Reason);
        data[1] = 0xFF; // text length 0x01FF
        Assert.Equal(IdCardDataError.BadLength, IdCardBaseInfo.Parse(data).Error!.Reason);

        var block = IdCardTextBlock.Encode(CardSamples.Resident());
        block[IdCardTextBlock.CardTypeOffset] = (byte)'J';
        Assert.Equal(IdCardDataError.UnsupportedCardType, IdCardTextBlock.Decode(block).Error!.Reason);
        block[IdCardTextBlock.CardTypeOffset] = 0x00;
        block[IdCardTextBlock.CardTypeOffset + 1] = 0xD8; // lone high surrogate
        Assert.Equal(IdCardDataError.BadText, IdCardTextBlock.Decode(block).Error!.Reason);
        Assert.Equal(IdCardDataError.BadLength, IdCardTextBlock.Decode(block.AsSpan(1)).Error!.Reason);
    }

    [Fact]
    public void Names_every_nationality_code()
    {
        Assert.Equal("汉", NationCodes.NameOf(1));
        Assert.Equal("基诺", NationCodes.NameOf(56));
        Assert.Equal("其他", NationCodes.NameOf(97));
        Assert.Equal("外国血统", NationCodes.NameOf(98));
        Assert.Null(NationCodes.NameOf(57));
        Assert.Equal(58, NationCodes.All.Count);
        Assert.Equal(58, NationCodes.All.Select(NationCodes.NameOf).Distinct().Count());
        Assert.All(NationCodes.All, c => Assert.Equal(c, NationCodes.CodeOf(NationCodes.NameOf(c) + "族")));
    }

    private static Gen<string> Text(int maxChars) =>
        from length in Gen.Choose(0, maxChars)
        from chars in Gen.ArrayOf(Gen.Elements("张三丰李四王五赵钱孙北京市朝阳区路号ABCXYZ0123456789·-".ToCharArray()), length)
        select new string(chars);

    private static readonly Gen<ResidentIdCardText> Residents =
        from name in Text(15)
        from sex in Text(1)
        from nation in Text(2)
        from birth in Text(8)
        from address in Text(35)
        from number in Text(18)
        from authority in Text(15)
        from validFrom in Text(8)
        from until in Text(8)
        select new ResidentIdCardText
        {
            Name = name, SexCode = sex, NationCode = nation, BirthDate = birth, Address = address,
            IdNumber = number, IssuingAuthority = authority, ValidFrom = validFrom, ValidUntil = until,
        };

    [Property(MaxTest = 200)]
    public Property Text_blocks_round_trip() =>
        Prop.ForAll(Arb.From(Residents), text => IdCardTextBlock.Decode(IdCardTextBlock.Encode(text)).GetValueOrThrow() == text);

    [Property(MaxTest = 500)]
    public Property Random_or_flipped_base_information_gives_typed_errors(byte[] noise, int seed)
    {
        var data = IdCardBaseInfo.Encode(CardSamples.Resident(), CardSamples.Photo());
        byte[] input = (seed % 3) switch
        {
            0 => noise,
            1 => data[..(int)((uint)seed % (uint)data.Length)],
            _ => Flip(data, seed),
        };
        var info = IdCardBaseInfo.Parse(input);
        if (!info.IsSuccess)
        {
            return Enum.IsDefined(info.Error.Reason).ToProperty();
        }

        var document = info.Value.ToIdentityDocument(Today);
        return (document.IsSuccess || Enum.IsDefined(document.Error.Reason)).ToProperty();

        static byte[] Flip(byte[] bytes, int seed)
        {
            var copy = (byte[])bytes.Clone();
            var bit = (int)((uint)seed % (uint)(260 * 8)); // header and text, where flips matter
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            return copy;
        }
    }
}
