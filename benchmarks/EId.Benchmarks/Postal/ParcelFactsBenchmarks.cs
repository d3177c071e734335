using BenchmarkDotNet.Attributes;
using EId.Postal.Analytics;
using EId.Postal.Analytics.Facts;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Outcomes;

namespace EId.Benchmarks.Postal;

/// <summary>
/// Parquet export and DuckDB queries on 1,000,000 parcel facts (10 days of 100,000). The facts are generated directly, not
/// read from a ledger (appending 1M parcels to the SQLite ledger alone takes ~45 s); Export times the Parquet writing of
/// all 10 day files (row groups of 65,536), the queries run over the files the setup wrote. One Export op takes seconds:
/// run with <c>--inProcess --strategy Monitoring --warmupCount 1 --iterationCount 3</c>.
/// </summary>
[MemoryDiagnoser]
public class ParcelFactsBenchmarks
{
    private const int Days = 10;
    private const int PerDay = 100_000;
    private static readonly DateOnly First = new(2026, 11, 1);
    private static readonly string[] Regions = ["110105", "310115", "440305", "330106", "510107", "420106", "320102", "370202"];
    private string _directory = string.Empty;
    private DuckDbParcelStatistics _statistics = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Directory.CreateTempSubdirectory("eid-bench-facts-").FullName;
        await WriteAllAsync(_directory);
        _statistics = new DuckDbParcelStatistics(_directory);
        var bytes = Directory.EnumerateFiles(_directory, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"// facts: {Days * PerDay} rows, {bytes} bytes in {Days} files");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Writes 1M facts (10 day files) to Parquet.</summary>
    [Benchmark]
    public async Task<long> Export()
    {
        var folder = Directory.CreateTempSubdirectory("eid-bench-facts-x-").FullName;
        try
        {
            return await WriteAllAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Parcels per region pair and day over all 10 days.</summary>
    [Benchmark]
    public async Task<int> RegionPairsPerDay() => (await _statistics.ParcelsPerRegionPairAndDayAsync(First, First.AddDays(Days - 1))).Count;

    /// <summary>Accepted, prohibited-item and identity-failure counts per day over all 10 days.</summary>
    [Benchmark]
    public async Task<int> OutcomesPerDay() => (await _statistics.IntakeOutcomesPerDayAsync(First, First.AddDays(Days - 1))).Count;

    /// <summary>One day of the ten (the hive partition prunes the other files).</summary>
    [Benchmark]
    public async Task<int> OutcomesOneDay() => (await _statistics.IntakeOutcomesPerDayAsync(First.AddDays(4), First.AddDays(4))).Count;

    private static async Task<long> WriteAllAsync(string directory)
    {
        long rows = 0;
        var random = new Random(42);
        using var tokens = new ExportTokenKey(new byte[32]);
        for (var d = 0; d < Days; d++)
        {
            var day = First.AddDays(d);
            var file = FactsPath.DayFile(directory, day);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var stream = File.Create(file);
            await using (stream)
            {
                var writer = await ParcelFactWriter.CreateAsync(stream, 65_536);
                await using (writer)
                {
                    for (var i = 0; i < PerDay; i++)
                    {
                        var roll = random.Next(100);
                        var kind = roll < 95 ? IntakeOutcomeKind.Accepted : roll < 97 ? IntakeOutcomeKind.ProhibitedItem : IntakeOutcomeKind.IdentityFailure;
                        var time = day.ToDateTime(new TimeOnly(random.Next(24), 0), DateTimeKind.Utc);
                        await writer.AddAsync(new ParcelFact(
                            kind,
                            time,
                            Regions[random.Next(Regions.Length)],
                            Regions[random.Next(Regions.Length)],
                            kind == IntakeOutcomeKind.ProhibitedItem ? "EXPLOSIVE" : "DOC",
                            FactBuckets.Weight(random.Next(1, 30_000), PostalAnalyticsOptions.DefaultWeightBucketBounds.ToArray()),
                            kind == IntakeOutcomeKind.ProhibitedItem ? null : kind == IntakeOutcomeKind.Accepted ? "Verified" : "FaceMismatch",
                            "id-card",
                            kind == IntakeOutcomeKind.Accepted ? tokens.TokenOf("sender-" + random.Next(200_000)) : null));
                    }

                    await writer.CompleteAsync();
                    rows += writer.Rows;
                }
            }
        }

        return rows;
    }
}
