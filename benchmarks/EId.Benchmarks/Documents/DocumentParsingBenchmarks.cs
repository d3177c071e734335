using BenchmarkDotNet.Attributes;
using EId.Documents;
using EId.Documents.CitizenIds;
using EId.Documents.IdCards;
using EId.Documents.Mrz;

namespace EId.Benchmarks.Documents;

/// <summary>Parsing costs on the card-reading path: ID number validation, MRZ TD3, GA 467 frame decode + text block.</summary>
[MemoryDiagnoser]
public class DocumentParsingBenchmarks
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string[] Td3 =
    [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new ResidentIdCardText
        {
            Name = "张三丰", SexCode = "2", NationCode = "01", BirthDate = "19491231", Address = "北京市朝阳区某某路1号",
            IdNumber = "11010519491231002X", IssuingAuthority = "北京市公安局朝阳分局", ValidFrom = "20100101", ValidUntil = "长期",
        };
        _frame = IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, IdCardBaseInfo.Encode(text, new byte[IdCardBaseInfo.PhotoLength])));
    }

    [Benchmark]
    public bool ValidateIdNumber() => CitizenIdNumber.Parse("11010519491231002X", Today).IsSuccess;

    [Benchmark]
    public bool ParseMrzTd3() => MrzParser.Parse(Td3, Today).IsSuccess;

    [Benchmark]
    public bool DecodeIdCardFrame()
    {
        var response = IdCardFrame.DecodeResponse(_frame);
        return response.IsSuccess && IdCardReader.Decode(response.Value, Today).IsSuccess;
    }
}
