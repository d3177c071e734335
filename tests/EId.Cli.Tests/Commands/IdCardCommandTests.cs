using System.Text.Json;
using EId.Documents;
using EId.Documents.CitizenIds;
using EId.Documents.IdCards;

namespace EId.Cli.Tests.Commands;

public sealed class IdCardCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eid-cli-").FullName;

    private static readonly ResidentIdCardText Card = new()
    {
        Name = "王五",
        SexCode = "1",
        NationCode = "08",
        BirthDate = "19900307",
        Address = "广西壮族自治区南宁市某路3号",
        IdNumber = CitizenIdNumber.Create("450102", new DateOnly(1990, 3, 7), 451).Value,
        IssuingAuthority = "南宁市公安局",
        ValidFrom = "20150101",
        ValidUntil = "长期",
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Frame(IdCardText text) =>
        IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, IdCardBaseInfo.Encode(text, new byte[IdCardBaseInfo.PhotoLength])));

    [Fact]
    public async Task Parses_a_recorded_read_frame()
    {
        var (code, output, _) = await CliHarness.RunAsync("idcard", "parse", Write("read.bin", Frame(Card)), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var document = json.RootElement.GetProperty("document");
        Assert.Equal("ResidentIdCard", document.GetProperty("kind").GetString());
        Assert.Equal("4501**********451" + Card.IdNumber[^1], document.GetProperty("idNumber").GetString());
        Assert.Equal("壮", document.GetProperty("ethnicity").GetString());
        Assert.Equal("Wlt, 1024 bytes", document.GetProperty("portrait").GetString());
        Assert.False(document.TryGetProperty("validUntil", out _));
    }

    [Fact]
    public async Task Human_output_names_the_fields()
    {
        var (code, output, _) = await CliHarness.RunAsync("idcard", "parse", Write("read.bin", Frame(Card)), "--unmasked");
        Assert.Equal(0, code);
        Assert.Contains("王五", output, StringComparison.Ordinal);
        Assert.Contains("long-term", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_frame_exits_1_as_BadFrame()
    {
        var frame = Frame(Card);
        frame[100] ^= 0x10;
        var (code, output, _) = await CliHarness.RunAsync("idcard", "parse", Write("bad.bin", frame), "--json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("BadFrame", json.RootElement.GetProperty("reason").GetString());
        Assert.Contains("BadChecksum", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_error_frame_exits_1()
    {
        var (code, output, _) = await CliHarness.RunAsync("idcard", "parse", Write("err.bin", [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x41, 0x45]));
        Assert.Equal(1, code);
        Assert.Contains("ReaderError", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inconsistent_card_data_exits_1_as_InvalidData()
    {
        var (code, output, _) = await CliHarness.RunAsync("idcard", "parse", Write("wrong.bin", Frame(Card with { SexCode = "2" })));
        Assert.Equal(1, code);
        Assert.Contains("InvalidData", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_an_environment_error()
    {
        var (code, _, error) = await CliHarness.RunAsync("idcard", "parse", Path.Combine(_directory, "none.bin"));
        Assert.Equal(3, code);
        Assert.Contains("Cannot read", error, StringComparison.Ordinal);
    }
}

public sealed class IdCardReadCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eid-cli-read-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reads_a_simulated_card_from_a_citizen_file()
    {
        var file = Path.Combine(_directory, "citizen.json");
        await File.WriteAllTextAsync(file, """
            { "idNumber": "11010519491231002X", "fullName": "张三丰", "gender": "Female", "ethnicity": "汉", "address": "北京市朝阳区某某路1号" }
            """, TestContext.Current.CancellationToken);
        var (code, output, _) = await CliHarness.RunAsync("idcard", "read", "--simulator", file, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("张**", json.RootElement.GetProperty("document").GetProperty("fullName").GetString());
        Assert.Equal("1101**********002X", json.RootElement.GetProperty("document").GetProperty("idNumber").GetString());
    }

    [Fact]
    public async Task A_missing_serial_port_exits_1_as_unavailable()
    {
        var (code, output, _) = await CliHarness.RunAsync("idcard", "read", "--port", "/dev/eid-no-such-port");
        Assert.Equal(1, code);
        Assert.Contains("Unavailable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_exactly_one_source()
    {
        Assert.Equal(2, (await CliHarness.RunAsync("idcard", "read")).ExitCode);
        Assert.Equal(3, (await CliHarness.RunAsync("idcard", "read", "--simulator", Path.Combine(_directory, "none.json"))).ExitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1234")]
    public async Task An_unsupported_baud_rate_is_a_usage_error(string baud)
    {
        var (code, _, error) = await CliHarness.RunAsync("idcard", "read", "--port", "/dev/eid-no-such-port", "--baud", baud);
        Assert.Equal(2, code);
        Assert.Contains("--baud", error, StringComparison.Ordinal);
    }
}
