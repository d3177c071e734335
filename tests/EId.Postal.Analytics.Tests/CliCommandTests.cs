using System.Text.Json;
using EId.Cli;
using EId.Postal.Outcomes;

namespace EId.Postal.Analytics.Tests;

/// <summary><c>eid ledger export-facts</c> and <c>eid ledger stats</c> in-process against a real SQLite ledger, Parquet and DuckDB.</summary>
public sealed class CliCommandTests : IAsyncLifetime
{
    private FactsWorld _world = null!;
    private string _keyFile = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _world = await FactsWorld.CreateAsync();
        await _world.AddAsync([
            new Decision(0, 10, 0, 1, IntakeOutcomeKind.Accepted, 0, 100),
            new Decision(0, 20, 0, 1, IntakeOutcomeKind.Accepted, 1, 100),
            new Decision(0, 30, 2, 3, IntakeOutcomeKind.Accepted, 2, 100),
            new Decision(0, 40, 2, 3, IntakeOutcomeKind.ProhibitedItem, 2, 100),
            new Decision(1, 50, 1, 0, IntakeOutcomeKind.IdentityFailure, 3, 100),
            new Decision(1, 60, 1, 0, IntakeOutcomeKind.Accepted, 3, 100),
        ]);
        _keyFile = Path.Combine(_world.Folder, "export.key");
        await File.WriteAllTextAsync(_keyFile, Convert.ToHexStringLower(FactsWorld.ExportKey), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Export_then_stats_print_region_pairs_refusals_and_failure_rates()
    {
        var (exported, exportOut, _) = await RunAsync("ledger", "export-facts", "--db", _world.LedgerPath, "--out", _world.FactsDirectory, "--export-key-file", _keyFile, "--from", "2026-11-02", "--to", "2026-11-03");
        var (stats, statsOut, _) = await RunAsync("ledger", "stats", "--facts", _world.FactsDirectory, "--from", "2026-11-02", "--to", "2026-11-03");

        Assert.Equal(0, exported);
        Assert.Contains("2026-11-02         3        1", exportOut, StringComparison.Ordinal);
        Assert.Equal(0, stats);
        Assert.Contains("2026-11-02  110105  310115              2", statsOut, StringComparison.Ordinal);
        Assert.Contains("2026-11-02  440305  330106              1", statsOut, StringComparison.Ordinal);
        Assert.Contains("2026-11-03  310115  110105              1", statsOut, StringComparison.Ordinal);
        Assert.Contains("2026-11-03         1           0                1", statsOut, StringComparison.Ordinal);
        Assert.Contains("50.00", statsOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_as_json_carry_the_counts_and_rates()
    {
        await RunAsync("ledger", "export-facts", "--db", _world.LedgerPath, "--out", _world.FactsDirectory, "--export-key-file", _keyFile, "--from", "2026-11-02", "--to", "2026-11-03", "--bucket", "Day");
        var (code, output, _) = await RunAsync("ledger", "stats", "--facts", _world.FactsDirectory, "--from", "2026-11-02", "--to", "2026-11-03", "--json");

        using var json = JsonDocument.Parse(output);
        var days = json.RootElement.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(0, code);
        Assert.Equal(3, json.RootElement.GetProperty("pairs").GetArrayLength());
        Assert.Equal((3, 1, 0), (days[0].GetProperty("accepted").GetInt32(), days[0].GetProperty("prohibitedItemRefusals").GetInt32(), days[0].GetProperty("verificationFailures").GetInt32()));
        Assert.Equal(0.5, days[1].GetProperty("verificationFailureRate").GetDouble());
    }

    [Fact]
    public async Task Bad_arguments_and_corrupt_files_exit_with_the_documented_codes()
    {
        var (badDay, _, _) = await RunAsync("ledger", "stats", "--facts", _world.FactsDirectory, "--from", "02.11.2026");
        var (noLedger, _, _) = await RunAsync("ledger", "export-facts", "--db", Path.Combine(_world.Folder, "none.db"), "--out", _world.FactsDirectory, "--export-key-file", _keyFile, "--from", "2026-11-02");
        var shortKey = Path.Combine(_world.Folder, "short.key");
        await File.WriteAllTextAsync(shortKey, "abcd", TestContext.Current.CancellationToken);
        var (weakKey, _, _) = await RunAsync("ledger", "export-facts", "--db", _world.LedgerPath, "--out", _world.FactsDirectory, "--export-key-file", shortKey, "--from", "2026-11-02");
        var corrupt = FactsPath.DayFile(_world.FactsDirectory, new DateOnly(2026, 11, 2));
        Directory.CreateDirectory(Path.GetDirectoryName(corrupt)!);
        await File.WriteAllBytesAsync(corrupt, "PAR1 not really"u8.ToArray(), TestContext.Current.CancellationToken);
        var (broken, _, brokenError) = await RunAsync("ledger", "stats", "--facts", _world.FactsDirectory, "--from", "2026-11-02");

        Assert.Equal(2, badDay);
        Assert.Equal(3, noLedger);
        Assert.Equal(2, weakKey);
        Assert.Equal(3, broken);
        Assert.Contains("CorruptFile", brokenError, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliRunner.RunAsync(Program.BuildRootCommand(null), args, output, error, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
