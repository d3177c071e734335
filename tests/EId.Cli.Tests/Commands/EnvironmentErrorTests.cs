using EId.Cli;

namespace EId.Cli.Tests.Commands;

/// <summary>A broken environment (unreadable file, not-a-database, unreachable server) is one line and exit code 3, never a stack dump.</summary>
public sealed class EnvironmentErrorTests
{
    [Fact]
    public async Task Ledger_verify_on_a_file_that_is_not_a_database_exits_3_with_one_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"eid-not-a-db-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(file, "this is not a SQLite database, just text long enough to fill a header page", TestContext.Current.CancellationToken);
        try
        {
            var (code, _, error) = await CliHarness.RunAsync("ledger", "verify", "--db", file);

            Assert.Equal(3, code);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ledger_verify_against_an_unreachable_postgres_exits_3_with_one_line()
    {
        var (code, _, error) = await CliHarness.RunAsync("ledger", "verify", "--db", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2");

        Assert.Equal(3, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=y", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ledger", "verify", "--db", "{missing}")]
    [InlineData("qr", "issue", "--key", "{missing}", "--claims", "{missing}", "--out", "-")]
    [InlineData("idcard", "parse", "{missing}")]
    public async Task A_missing_input_file_exits_3_with_one_line_naming_it(params string[] args)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"eid-missing-{Guid.NewGuid():N}.bin");

        var (code, _, error) = await CliHarness.RunAsync([.. args.Select(a => a.Replace("{missing}", missing, StringComparison.Ordinal))]);

        Assert.Equal(3, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_help_lists_the_exit_codes()
    {
        var (code, output, _) = await CliHarness.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var expected in new[] { "Exit codes", "0 valid", "1 invalid input", "2 usage error", "3 environment error", "130 cancelled" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cancelled_verb_exits_130_without_a_stack_trace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var code = await CliRunner.RunAsync(Program.BuildRootCommand(), ["ledger", "verify", "--db", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2"], output, error, cancelled.Token);

        Assert.Equal(130, code);
        Assert.Equal("cancelled", error.ToString().Trim());
    }
}
