using System.Text.Json;

namespace EId.Cli.Tests.Commands;

public class IdCommandTests
{
    [Fact]
    public async Task Valid_number_exits_0_with_masked_details()
    {
        var (code, output, _) = await CliHarness.RunAsync("id", "check", "11010519491231002X");
        Assert.Equal(0, code);
        Assert.Contains("1101**********002X", output, StringComparison.Ordinal);
        Assert.Contains("1949-12-31", output, StringComparison.Ordinal);
        Assert.Contains("Female", output, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_machine_readable()
    {
        var (code, output, _) = await CliHarness.RunAsync("id", "check", "440524188001010014", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("1880-01-01", json.RootElement.GetProperty("birthDate").GetString());
        Assert.Equal("Male", json.RootElement.GetProperty("sex").GetString());
        Assert.Equal("广东", json.RootElement.GetProperty("province").GetString());
        Assert.Equal("440524", json.RootElement.GetProperty("region").GetString());
    }

    [Fact]
    public async Task Json_option_works_before_the_verb_too()
    {
        var (code, output, _) = await CliHarness.RunAsync("--json", "id", "check", "110105194912310021");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("BadChecksum", json.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("12345", "BadLength")]
    [InlineData("91010519491231002X", "BadRegion")]
    [InlineData("110105194913310021", "BadBirthDate")]
    public async Task Invalid_number_exits_1_with_the_reason(string number, string reason)
    {
        var (code, output, _) = await CliHarness.RunAsync("id", "check", number);
        Assert.Equal(1, code);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_numbers_are_upgraded_and_unmasked_on_request()
    {
        var (code, output, _) = await CliHarness.RunAsync("id", "check", "110105491231002", "--unmasked", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("11010519491231002X", json.RootElement.GetProperty("number").GetString());
        Assert.True(json.RootElement.GetProperty("upgradedFromLegacy").GetBoolean());
    }

    [Theory]
    [InlineData("id", "check")]
    [InlineData("id", "check", "1", "2")]
    [InlineData("id", "verify", "11010519491231002X")]
    [InlineData("nonsense")]
    [InlineData]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (code, output, error) = await CliHarness.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("eid --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        var (code, output, _) = await CliHarness.RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("idcard", output, StringComparison.Ordinal);
        Assert.Contains("mrz", output, StringComparison.Ordinal);
    }
}

public class IdGenerateCommandTests
{
    [Fact]
    public async Task Generates_a_number_that_checks_valid()
    {
        var (code, output, _) = await CliHarness.RunAsync("id", "generate", "--region", "110105", "--birth", "1949-12-31", "--sequence", "2");
        Assert.Equal(0, code);
        Assert.Equal("11010519491231002X", output.Trim());
        var (checkCode, _, _) = await CliHarness.RunAsync("id", "check", output.Trim());
        Assert.Equal(0, checkCode);
    }

    [Theory]
    [InlineData("--region", "990105", "--birth", "1949-12-31", "--sequence", "2")]
    [InlineData("--region", "110105", "--birth", "1949-12-31", "--sequence", "1000")]
    [InlineData("--region", "110105", "--birth", "not-a-date", "--sequence", "2")]
    [InlineData("--region", "110105", "--sequence", "2")]
    public async Task Bad_arguments_are_usage_errors(params string[] args)
    {
        var (code, _, _) = await CliHarness.RunAsync(["id", "generate", .. args]);
        Assert.Equal(2, code);
    }
}
