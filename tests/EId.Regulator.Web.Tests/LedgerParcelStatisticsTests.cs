using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using Microsoft.Extensions.Options;

namespace EId.Regulator.Web.Tests;

/// <summary>The embedded statistics over a real SQLite ledger.</summary>
public sealed class LedgerParcelStatisticsTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"eid-stats-{Guid.NewGuid():N}.db");
    private SqliteLedgerStore _store = null!;
    private LedgerKeys _keys = null!;
    private ParcelLedger _ledger = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _store = new SqliteLedgerStore(_path);
        var (signing, kek) = LedgerKeys.GenerateRaw();
        _keys = LedgerKeys.Create(signing, kek);
        _ledger = new ParcelLedger(_store, _keys, Options.Create(new PostalOptions { CheckpointPeriod = Timeout.InfiniteTimeSpan }), TimeProvider.System);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _ledger.DisposeAsync();
        await _store.DisposeAsync();
        _keys.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private static ParcelRecord Parcel(int n, DateTimeOffset at, string origin, string destination) => new()
    {
        WaybillNumber = WaybillNumber.Create("EI", 500 + n).Value,
        SenderToken = "token-" + (n % 3),
        SenderNameMasked = "王**",
        ItemCategory = "DOC",
        WeightGrams = 120,
        OriginRegion = origin,
        DestinationRegion = destination,
        CourierId = "courier-1",
        DeviceId = "handheld-1",
        Verification = new SenderVerification(SenderVerdict.Verified, 0.7f, 0.9f, at),
        AcceptedAt = at,
    };

    [Fact]
    public async Task Counts_per_region_pair_and_day_match_what_was_appended_and_refusals_are_zero()
    {
        var day1 = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        ParcelRecord[] parcels =
        [
            Parcel(1, day1.AddHours(1), "110105", "310115"),
            Parcel(2, day1.AddHours(23).AddMinutes(59), "110105", "310115"),
            Parcel(3, day1.AddHours(5), "440305", "110105"),
            Parcel(4, day1.AddDays(1), "110105", "310115"), // midnight belongs to the next day
            Parcel(5, day1.AddDays(3).AddHours(12), "440305", "110105"),
        ];
        Assert.True((await _ledger.TryAppendBatchAsync(parcels, Ct)).IsSuccess);
        var statistics = new LedgerParcelStatistics(_ledger);

        var pairs = await statistics.ParcelsPerRegionPairAndDayAsync(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 5), Ct);
        Assert.Equal(
            [
                new RegionPairDayCount(new DateOnly(2026, 11, 2), "110105", "310115", 2),
                new RegionPairDayCount(new DateOnly(2026, 11, 2), "440305", "110105", 1),
                new RegionPairDayCount(new DateOnly(2026, 11, 3), "110105", "310115", 1),
                new RegionPairDayCount(new DateOnly(2026, 11, 5), "440305", "110105", 1),
            ],
            pairs);

        var outcomes = await statistics.IntakeOutcomesPerDayAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 5), Ct);
        Assert.Equal([new(new DateOnly(2026, 11, 2), 3, 0, 0), new(new DateOnly(2026, 11, 3), 1, 0, 0), new IntakeDayOutcomes(new DateOnly(2026, 11, 5), 1, 0, 0)], outcomes);

        var narrow = await statistics.ParcelsPerRegionPairAndDayAsync(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), Ct);
        Assert.Equal(1, Assert.Single(narrow).Parcels);
    }

    [Fact]
    public async Task Backwards_or_too_long_periods_are_refused()
    {
        var statistics = new LedgerParcelStatistics(_ledger);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await statistics.ParcelsPerRegionPairAndDayAsync(new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 4), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await statistics.IntakeOutcomesPerDayAsync(new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 2), Ct));
        Assert.Empty(await statistics.ParcelsPerRegionPairAndDayAsync(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), Ct));
    }
}
