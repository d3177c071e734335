using System.Net.Http.Json;
using System.Text.Json;
using EId.Postal.Analytics.Export;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Regulation;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Regulator.Web.Tests;

/// <summary>The seeded server with <c>EId:Server:AnalyticsFacts</c> set: statistics come from the Parquet export through DuckDB.</summary>
public sealed class AnalyticsServerFixture : RegulatorServerFixture
{
    /// <summary>The export folder the server's statistics read.</summary>
    public string FactsFolder => Path.Combine(Folder, "facts");

    protected override IEnumerable<string> ExtraArguments => [$"--EId:Server:AnalyticsFacts={FactsFolder}"];
}

/// <summary>The regulator statistics endpoint answered by the analytics engine over exported facts (issue #16.4 in the console).</summary>
public sealed class AnalyticsStatisticsTests(AnalyticsServerFixture server) : IClassFixture<AnalyticsServerFixture>
{
    private const string PerDay = "statistics/parcels-per-day?region=110000&from=2026-11-02&to=2026-11-08";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<long[]> DaysAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(PerDay, Ct)).GetProperty("days").EnumerateArray().Select(d => d.GetProperty("parcels").GetInt64())];

    [Fact]
    public async Task Statistics_are_the_exported_facts_counted_by_DuckDB_not_the_ledger()
    {
        Assert.IsType<DuckDbParcelStatistics>(server.App.Services.GetRequiredService<IParcelStatistics>());
        using var client = server.Client(server.Token(RegulatorServerFixture.NewOfficer("analyst"), RegulatorRoles.RegionSearch));

        // Nothing exported yet: the analytics engine sees no parcels although the ledger holds a week of them.
        Assert.All(await DaysAsync(client), count => Assert.Equal(0, count));

        var first = RegulatorServerFixture.FirstDay;
        var exported = await server.App.Services.GetRequiredService<ParcelFactExporter>().ExportAsync(first, first.AddDays(RegulatorServerFixture.Days - 1), Ct);
        Assert.Equal(server.Parcels.Count, exported.Sum(d => d.Accepted));
        Assert.True(Directory.EnumerateFiles(server.FactsFolder, "*.parquet", SearchOption.AllDirectories).Any());

        var expected = Enumerable.Range(0, RegulatorServerFixture.Days).Select(d => (long)RegulatorServerFixture.ParcelsOn(d)).ToArray();
        Assert.Equal(expected, await DaysAsync(client));
    }
}
