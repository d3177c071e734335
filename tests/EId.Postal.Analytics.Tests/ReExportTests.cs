using EId.Postal.Analytics.Facts;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Outcomes;

namespace EId.Postal.Analytics.Tests;

/// <summary>Re-exporting a day replaces it: same facts for the same ledger, new facts after new parcels, no temporary files left.</summary>
public sealed class ReExportTests
{
    [Fact]
    public async Task Re_exporting_a_day_gives_the_same_facts_and_replaces_the_day_when_the_ledger_grew()
    {
        await using var world = await FactsWorld.CreateAsync();
        await world.AddAsync(Enumerable.Range(0, 50).Select(i => new Decision(0, i, i % 4, 0, IntakeOutcomeKind.Accepted, i % 5, 100)));
        await world.AddAsync([new Decision(0, 5, 1, 2, IntakeOutcomeKind.ProhibitedItem, 0, 100)]);
        var day = Decision.FirstDay;
        var path = FactsPath.DayFile(world.FactsDirectory, day);
        using var exporter = world.Exporter();

        var first = await exporter.ExportDayAsync(day);
        var firstFacts = (await ParcelFactFile.ReadAsync(path)).Value!;
        var again = await exporter.ExportDayAsync(day);
        var againFacts = (await ParcelFactFile.ReadAsync(path)).Value!;
        await world.AddAsync(Enumerable.Range(0, 10).Select(i => new Decision(0, 600 + i, 3, 3, IntakeOutcomeKind.Accepted, 1, 100)));
        var grown = await exporter.ExportDayAsync(day);
        var stats = await new DuckDbParcelStatistics(world.FactsDirectory).IntakeOutcomesPerDayAsync(day, day);

        Assert.Equal((50L, 1L), (first.Accepted, first.Refusals));
        Assert.Equal(first, again);
        Assert.Equal(firstFacts, againFacts);
        Assert.Equal(60, grown.Accepted);
        Assert.Equal(new Regulation.IntakeDayOutcomes(day, 60, 1, 0), Assert.Single(stats)); // replaced, not appended
        Assert.Equal([FactsPath.PartFileName], Directory.GetFileSystemEntries(FactsPath.DayFolder(world.FactsDirectory, day)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failed_export_leaves_the_previous_file_and_no_temporary_file()
    {
        await using var world = await FactsWorld.CreateAsync();
        await world.AddAsync(Enumerable.Range(0, 20).Select(i => new Decision(0, i, 0, 1, IntakeOutcomeKind.Accepted, 0, 100)));
        var day = Decision.FirstDay;
        using var exporter = world.Exporter();
        await exporter.ExportDayAsync(day);
        var before = await File.ReadAllBytesAsync(FactsPath.DayFile(world.FactsDirectory, day));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await exporter.ExportDayAsync(day, cancelled.Token));

        Assert.Equal(before, await File.ReadAllBytesAsync(FactsPath.DayFile(world.FactsDirectory, day)));
        Assert.Equal([FactsPath.PartFileName], Directory.GetFileSystemEntries(FactsPath.DayFolder(world.FactsDirectory, day)).Select(Path.GetFileName));
    }
}
