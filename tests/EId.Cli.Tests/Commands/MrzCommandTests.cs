using System.Text.Json;

namespace EId.Cli.Tests.Commands;

public class MrzCommandTests
{
    private const string Td3Line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    private const string Td3Line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    [Fact]
    public async Task Parses_the_ICAO_TD3_specimen()
    {
        var (code, output, _) = await CliHarness.RunAsync("mrz", "parse", Td3Line1, Td3Line2, "--json", "--unmasked");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var document = json.RootElement.GetProperty("document");
        Assert.Equal("Td3", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("Passport", document.GetProperty("kind").GetString());
        Assert.Equal("L898902C3", document.GetProperty("documentNumber").GetString());
        Assert.Equal("ERIKSSON ANNA MARIA", document.GetProperty("fullName").GetString());
        Assert.Equal("1974-08-12", document.GetProperty("birthDate").GetString());
        Assert.Equal("2012-04-15", document.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task Masks_by_default()
    {
        var (code, output, _) = await CliHarness.RunAsync("mrz", "parse", "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6");
        Assert.Equal(0, code);
        Assert.Contains("IcaoTd2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ERIKSSON", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_check_digit_exits_1_naming_the_field()
    {
        var (code, output, _) = await CliHarness.RunAsync("mrz", "parse", Td3Line1, "L898902C36UTO7408123F1204159ZE184226B<<<<<10", "--json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("BadCheckDigit", json.RootElement.GetProperty("reason").GetString());
        Assert.StartsWith("BirthDate", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_lines_are_a_usage_error()
    {
        var (code, _, _) = await CliHarness.RunAsync("mrz", "parse");
        Assert.Equal(2, code);
    }
}
