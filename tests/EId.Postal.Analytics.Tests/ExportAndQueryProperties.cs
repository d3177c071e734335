using EId.Postal.Analytics.Facts;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Outcomes;
using EId.Postal.Regulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Analytics.Tests;

/// <summary>Export from a real SQLite ledger, query the real Parquet files with real DuckDB, compare with LINQ over the same decisions.</summary>
public sealed class ExportAndQueryProperties
{
    private static readonly DateOnly From = Decision.FirstDay;
    private static readonly DateOnly To = Decision.FirstDay.AddDays(2);

    [Property(MaxTest = 12)]
    public async Task<bool> DuckDB_answers_equal_a_LINQ_count_over_the_same_parcels((byte, ushort, byte, byte, byte, byte, ushort)[] raw)
    {
        var decisions = raw.Select(r => Decision.From(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7)).ToList();
        await using var world = await FactsWorld.CreateAsync();
        await world.AddAsync(decisions);

        // Small pages and row groups so the paging and the row-group streaming are exercised, not just one page.
        using var exporter = world.Exporter(rowGroupSize: 1000, pageSize: 100);
        await exporter.ExportAsync(From, To);
        var statistics = new DuckDbParcelStatistics(world.FactsDirectory);
        var pairs = await statistics.ParcelsPerRegionPairAndDayAsync(From, To);
        var outcomes = await statistics.IntakeOutcomesPerDayAsync(From, To);

        var expectedPairs = decisions.Where(d => d.Kind == IntakeOutcomeKind.Accepted)
            .GroupBy(d => (d.Date, d.OriginRegion, d.DestinationRegion))
            .Select(g => new RegionPairDayCount(g.Key.Date, g.Key.OriginRegion, g.Key.DestinationRegion, g.Count()))
            .OrderBy(p => p.Day).ThenBy(p => p.OriginRegion, StringComparer.Ordinal).ThenBy(p => p.DestinationRegion, StringComparer.Ordinal)
            .ToList();
        var expectedOutcomes = decisions.GroupBy(d => d.Date).OrderBy(g => g.Key)
            .Select(g => new IntakeDayOutcomes(g.Key, g.Count(d => d.Kind == IntakeOutcomeKind.Accepted), g.Count(d => d.Kind == IntakeOutcomeKind.ProhibitedItem), g.Count(d => d.Kind == IntakeOutcomeKind.IdentityFailure)))
            .ToList();
        return expectedPairs.SequenceEqual(pairs) && expectedOutcomes.SequenceEqual(outcomes);
    }

    [Fact]
    public async Task A_period_filter_prunes_days_and_a_day_with_more_than_a_page_and_a_row_group_is_complete()
    {
        await using var world = await FactsWorld.CreateAsync();

        // 2 500 parcels on one day, 300 of them in the same minute: more than a page (100) in the smallest windows.
        var decisions = Enumerable.Range(0, 2500).Select(i => new Decision(1, i < 300 ? 600 : i % 1440, i % 4, (i / 4) % 4, IntakeOutcomeKind.Accepted, i % 5, 100 + i)).ToList();
        decisions.Add(new Decision(0, 10, 0, 1, IntakeOutcomeKind.Accepted, 0, 500));
        await world.AddAsync(decisions);
        using var exporter = world.Exporter(rowGroupSize: 1000, pageSize: 100);

        var days = await exporter.ExportAsync(From, To);
        var statistics = new DuckDbParcelStatistics(world.FactsDirectory);
        var secondDay = await statistics.IntakeOutcomesPerDayAsync(From.AddDays(1), From.AddDays(1));
        var file = await ParcelFactFile.ReadAsync(FactsPath.DayFile(world.FactsDirectory, From.AddDays(1)));

        Assert.Equal([1L, 2500L, 0L], days.Select(d => d.Accepted));
        Assert.Equal(3, days[1].RowGroups);
        Assert.False(Directory.Exists(FactsPath.DayFolder(world.FactsDirectory, To))); // an empty day leaves no folder
        Assert.Equal(new IntakeDayOutcomes(From.AddDays(1), 2500, 0, 0), Assert.Single(secondDay));
        Assert.True(file.IsSuccess);
        Assert.Equal(2500, file.Value!.Count);
        Assert.Equal(300, file.Value.Count(f => f.TimeBucket == new DateTime(2026, 11, 3, 10, 0, 0, DateTimeKind.Utc) && f.WeightBucketGrams <= 250));
    }

    [Fact]
    public async Task Facts_are_bucketed_to_the_hour_and_weight_bucket_and_refusals_carry_no_sender()
    {
        await using var world = await FactsWorld.CreateAsync();
        await world.AddAsync([
            new Decision(0, 125, 0, 1, IntakeOutcomeKind.Accepted, 1, 1999),
            new Decision(0, 59, 2, 3, IntakeOutcomeKind.ProhibitedItem, 1, 30),
            new Decision(0, 61, 2, 3, IntakeOutcomeKind.IdentityFailure, 2, 250),
        ]);
        using var exporter = world.Exporter();
        await exporter.ExportDayAsync(From);

        var facts = (await ParcelFactFile.ReadAsync(FactsPath.DayFile(world.FactsDirectory, From))).Value!;

        var accepted = Assert.Single(facts, f => f.Outcome == IntakeOutcomeKind.Accepted);
        Assert.Equal(new DateTime(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc), accepted.TimeBucket);
        Assert.Equal(1000, accepted.WeightBucketGrams);
        Assert.Equal("Verified", accepted.Verdict);
        Assert.NotNull(accepted.SenderExportToken);
        var prohibited = Assert.Single(facts, f => f.Outcome == IntakeOutcomeKind.ProhibitedItem);
        Assert.Equal((new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc), 0, "EXPLOSIVE", (string?)null), (prohibited.TimeBucket, prohibited.WeightBucketGrams, prohibited.ItemCategory, prohibited.SenderExportToken));
        var failed = Assert.Single(facts, f => f.Outcome == IntakeOutcomeKind.IdentityFailure);
        Assert.Equal(("FaceMismatch", 250, (string?)null), (failed.Verdict, failed.WeightBucketGrams, failed.SenderExportToken));
    }

    [Fact]
    public async Task An_empty_or_missing_export_folder_has_no_facts()
    {
        var missing = Path.Combine(Path.GetTempPath(), "eid-analytics-none-" + Guid.NewGuid().ToString("N"));
        var statistics = new DuckDbParcelStatistics(missing);

        Assert.Empty(await statistics.ParcelsPerRegionPairAndDayAsync(From, To));
        Assert.Empty(await statistics.IntakeOutcomesPerDayAsync(From, To));
    }
}
