using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Tests.Partitioning;

/// <summary>
/// Regulator queries over a set of ledgers (<see cref="IParcelLedgerSet"/>): a search fanned out over the streams and merged
/// equals the same search over one ledger holding the same parcels (order and limit included), statistics are the sum over
/// streams, traces read the owning stream, and the audit log is one (stream 0's). The property runs on in-memory streams routed
/// by <see cref="StreamRouter"/>; the same comparison runs on the real partitioned PostgreSQL ledger when <c>EID_TEST_POSTGRES</c> is set.
/// </summary>
public sealed class LedgerFanOutTests : IAsyncLifetime
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
    private static readonly RegulatorPrincipal Officer = new("officer-fan", RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch | RegulatorRoles.Audit | RegulatorRoles.ReadPersonalData);
    private static readonly string[] Regions = ["110000", "110100", "110105", "310000", "310115", "440305", "330100"];
    private readonly LedgerKeys _keys = TestLedger.Keys();
    private readonly List<IAsyncDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Parcels (count, first number), a stream count, and a query: period offsets in minutes, a sender or region filter, a limit.
    private static readonly Arbitrary<Case> Cases = Arb.From(
        from count in Gen.Choose(0, 40)
        from streams in Gen.Choose(1, 6)
        from fromMinute in Gen.Choose(-5, 45)
        from span in Gen.Choose(1, 60)
        from filter in Gen.Choose(0, 2)
        from sender in Gen.Choose(0, 2)
        from region in Gen.Choose(0, Regions.Length - 1)
        from side in Gen.Elements(RegionSide.Either, RegionSide.Origin, RegionSide.Destination)
        from limit in Gen.Choose(1, 50)
        select new Case(count, streams, fromMinute, span, filter, sender, region, side, limit));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _keys.Dispose();
    }

    [Property(MaxTest = 80)]
    public Property A_search_merged_over_streams_equals_the_same_search_over_one_ledger() =>
        Prop.ForAll(Cases, c =>
        {
            var start = TestLedger.Start;
            var parcels = Enumerable.Range(1, c.Count).Select(i => TestLedger.Parcel(i, acceptedAt: start.AddMinutes(i))).ToList();
            var single = TestLedger.Create(new InMemoryLedgerStore(), _keys);
            var streams = new InMemoryStreams(c.Streams, _keys);
            _owned.Add(single);
            _owned.Add(streams);
            foreach (var parcel in parcels)
            {
                single.AppendAsync(parcel, Ct).AsTask().GetAwaiter().GetResult();
                streams.ForWaybill(parcel.WaybillNumber).AppendAsync(parcel, Ct).AsTask().GetAwaiter().GetResult();
            }

            var query = c.Query(start);
            var expected = ((IParcelLedgerSet)single).QueryAsync(query, withPii: true, Ct).AsTask().GetAwaiter().GetResult();
            var merged = streams.QueryAsync(query, withPii: true, Ct).AsTask().GetAwaiter().GetResult();
            var mergedEntries = streams.QueryEntriesAsync(query, Ct).AsTask().GetAwaiter().GetResult();

            // Same parcels, same order, personal data opened from whichever stream holds them; the limit is respected.
            return (expected.SequenceEqual(merged) && mergedEntries.Select(e => e.WaybillNumber).SequenceEqual(expected.Select(p => p.WaybillNumber)) && merged.Count <= c.Limit)
                .Label($"expected [{string.Join(",", expected.Select(p => p.WaybillNumber))}] merged [{string.Join(",", merged.Select(p => p.WaybillNumber))}]");
        });

    [Fact]
    public async Task Regulator_queries_statistics_and_status_over_streams_equal_those_over_one_ledger_and_audit_in_stream_0()
    {
        var parcels = Enumerable.Range(1, 30).Select(i => TestLedger.Parcel(i)).ToList();
        var single = TestLedger.Create(new InMemoryLedgerStore(), _keys);
        var streams = new InMemoryStreams(3, _keys);
        _owned.Add(single);
        _owned.Add(streams);
        foreach (var parcel in parcels)
        {
            await single.AppendAsync(parcel, Ct);
            await streams.ForWaybill(parcel.WaybillNumber).AppendAsync(parcel, Ct);
        }

        foreach (var stream in streams.Streams)
        {
            Assert.True((await stream.Store.GetHeadAsync(Ct)).LastSequence > 0, "every stream holds parcels");
        }

        await AssertSameAnswersAsync(single, streams, parcels);
    }

    [Fact]
    public async Task On_the_partitioned_postgres_ledger_searches_statistics_and_traces_equal_those_over_one_ledger()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(ConnectionString), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a server).");
        var store = new PartitionedPostgresLedgerStore(ConnectionString!, 4, $"eid_fanout_t{Guid.NewGuid():N}"[..36]);
        var partitioned = new PartitionedParcelLedger(store, _keys, Options.Create(new PostalOptions { CheckpointInterval = 4, LedgerId = "eid-fanout-test" }), new FakeTimeProvider(TestLedger.Start));
        try
        {
            var parcels = Enumerable.Range(1, 40).Select(i => TestLedger.Parcel(i)).ToList();
            var single = TestLedger.Create(new InMemoryLedgerStore(), _keys);
            _owned.Add(single);
            foreach (var parcel in parcels)
            {
                await single.AppendAsync(parcel, Ct);
            }

            var appended = await partitioned.TryAppendBatchAsync(parcels, Ct);
            Assert.Equal(4, appended.Count);
            Assert.All(appended.Values, r => Assert.True(r.IsSuccess));
            await AssertSameAnswersAsync(single, partitioned, parcels);

            // Random searches: same answers as the single ledger.
            var random = new Random(15);
            for (var i = 0; i < 25; i++)
            {
                var c = new Case(40, 4, random.Next(-5, 45), random.Next(1, 60), random.Next(0, 3), random.Next(0, 3), random.Next(Regions.Length), (RegionSide)random.Next(0, 3), random.Next(1, 50));
                var query = c.Query(TestLedger.Start);
                var expected = await ((IParcelLedgerSet)single).QueryAsync(query, withPii: true, Ct);
                Assert.Equal(expected, await partitioned.QueryAsync(query, withPii: true, Ct));
            }

            var status = (await new RegulatorOverview(partitioned, new LedgerParcelStatistics(partitioned), TimeProvider.System).LedgerStatusAsync(Officer, Ct)).Value!;
            Assert.True(status.Verification.IsIntact);
            Assert.Equal(4, status.Streams);
            Assert.Equal(40, status.Entries);
            Assert.Null(status.LatestTreeHead);
            var head = await partitioned.PublishTreeHeadAsync(Ct);
            status = (await new RegulatorOverview(partitioned, new LedgerParcelStatistics(partitioned), TimeProvider.System).LedgerStatusAsync(Officer, Ct)).Value!;
            Assert.Equal(head.TreeSize, status.LatestTreeHead?.TreeSize);
        }
        finally
        {
            await partitioned.DisposeAsync();
            await store.DropSchemaAsync(Ct);
            await store.DisposeAsync();
        }
    }

    private static async Task AssertSameAnswersAsync(ParcelLedger single, IParcelLedgerSet set, IReadOnlyList<ParcelRecord> parcels)
    {
        using var tokens = new SenderTokenKey(new byte[32]);
        var one = new RegulatorQueries(single, tokens, TimeProvider.System);
        var many = new RegulatorQueries(set, tokens, TimeProvider.System);
        var from = TestLedger.Start;
        var to = from.AddDays(1);

        foreach (var parcel in parcels)
        {
            var traced = await many.TraceAsync(Officer, parcel.WaybillNumber, Ct);
            Assert.True(traced.IsSuccess, traced.IsSuccess ? null : traced.Error.Message);
            Assert.Equal(parcel.SenderPii, traced.Value!.SenderPii);
        }

        Assert.Equal(QueryError.NotFound, (await many.TraceAsync(Officer, TestLedger.Parcel(999_999).WaybillNumber, Ct)).Error!.Reason);
        Assert.Equal((await one.RegionParcelsAsync(Officer, "110000", RegionSide.Origin, from, to, 7, Ct)).Value, (await many.RegionParcelsAsync(Officer, "110000", RegionSide.Origin, from, to, 7, Ct)).Value);
        Assert.Equal((await one.SenderParcelsAsync(Officer, TestLedger.TokenOf(1), from, to, Ct)).Value, (await many.SenderParcelsAsync(Officer, TestLedger.TokenOf(1), from, to, Ct)).Value);

        var day = DateOnly.FromDateTime(from.UtcDateTime);
        Assert.Equal(await new LedgerParcelStatistics(single).ParcelsPerRegionPairAndDayAsync(day, day, Ct), await new LedgerParcelStatistics(set).ParcelsPerRegionPairAndDayAsync(day, day, Ct));
        Assert.Equal(await new LedgerParcelStatistics(single).IntakeOutcomesPerDayAsync(day, day, Ct), await new LedgerParcelStatistics(set).IntakeOutcomesPerDayAsync(day, day, Ct));

        // Every query above is written once, to stream 0's audit log (the partitioned store's streams share its one audit table;
        // separate in-memory streams show nothing elsewhere).
        var from0 = await set.Streams[0].Store.ReadAuditAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), Ct);
        var audit = (await many.AuditTrailAsync(Officer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), Ct)).Value!;
        Assert.Equal(parcels.Count + 1, audit.Count(a => a.Query == "trace"));
        Assert.Contains(audit, a => a.Query == "region");
        Assert.Contains(audit, a => a.Query == "sender");
        Assert.Equal(from0, audit);
        var after0 = await set.Streams[0].Store.ReadAuditAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), Ct);
        Assert.Equal("audit", after0[^1].Query);
        foreach (var stream in set.Streams.Skip(1))
        {
            var elsewhere = await stream.Store.ReadAuditAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), Ct);
            Assert.True(elsewhere.Count == 0 || elsewhere.SequenceEqual(after0), "an audit record outside stream 0's log");
        }
    }

    private sealed record Case(int Count, int Streams, int FromMinute, int Span, int Filter, int Sender, int Region, RegionSide Side, int Limit)
    {
        public LedgerQuery Query(DateTimeOffset start)
        {
            var (low, high) = EId.Postal.Regions.RegionCode.Parse(Regions[Region]).Value.Range;
            return new LedgerQuery
            {
                From = start.AddMinutes(FromMinute),
                To = start.AddMinutes(FromMinute + Span),
                SenderToken = Filter == 1 ? TestLedger.TokenOf(Sender) : null,
                RegionLow = Filter == 2 ? low : null,
                RegionHigh = Filter == 2 ? high : null,
                Side = Side,
                Limit = Limit,
            };
        }
    }

    // A set of in-memory single ledgers routed like the partitioned one (stream s signs as "eid-postal:s").
    private sealed class InMemoryStreams : IParcelLedgerSet, IAsyncDisposable
    {
        private readonly ParcelLedger[] _streams;
        private readonly StreamRouter _router;

        public InMemoryStreams(int count, LedgerKeys keys)
        {
            _router = new StreamRouter(count);
            _streams = [.. Enumerable.Range(0, count).Select(s => new ParcelLedger(new InMemoryLedgerStore(), keys, Options.Create(new PostalOptions { CheckpointInterval = 4, LedgerId = $"eid-postal:{s}" }), new FakeTimeProvider(TestLedger.Start)))];
        }

        public string LedgerId => "eid-postal";

        public IReadOnlyList<ParcelLedger> Streams => _streams;

        public ParcelLedger ForWaybill(string waybillNumber) => _streams[_router.StreamOf(waybillNumber)];

        public async ValueTask<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default)
        {
            long checkedEntries = 0;
            foreach (var stream in _streams)
            {
                var result = await stream.VerifyChainAsync(cancellationToken);
                if (!result.IsIntact)
                {
                    return result;
                }

                checkedEntries += result.EntriesChecked;
            }

            return new ChainVerification(checkedEntries, null, null);
        }

        public ValueTask<SignedTreeHead?> ReadLatestTreeHeadAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<SignedTreeHead?>(null);

        public async ValueTask DisposeAsync()
        {
            foreach (var stream in _streams)
            {
                await stream.DisposeAsync();
            }
        }
    }
}
