using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Tests.Regulation;

public sealed class RegulatorQueriesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TestLedger.Start.AddDays(1));
    private readonly LedgerKeys _keys = TestLedger.Keys();
    private readonly SenderTokenKey _tokens = new(new byte[32]);
    private readonly InMemoryLedgerStore _store = new();
    private ParcelLedger _ledger = null!;
    private RegulatorQueries _queries = null!;

    private static readonly RegulatorPrincipal Everything = new("officer-1", RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch | RegulatorRoles.ReadPersonalData | RegulatorRoles.Audit);
    private static readonly RegulatorPrincipal TraceOnly = new("officer-2", RegulatorRoles.Trace);
    private static readonly RegulatorPrincipal Nobody = new("clerk-9", RegulatorRoles.None);

    public async ValueTask InitializeAsync()
    {
        _ledger = TestLedger.Create(_store, _keys, time: _time);
        Assert.True((await _ledger.TryAppendBatchAsync([.. Enumerable.Range(1, 12).Select(i => TestLedger.Parcel(i))])).IsSuccess);
        _queries = new RegulatorQueries(_ledger, _tokens, _time);
    }

    private DateTimeOffset From => TestLedger.Start;

    private DateTimeOffset To => TestLedger.Start.AddDays(1);

    [Fact]
    public async Task Trace_returns_the_parcel_with_pii_only_for_officers_allowed_to_read_it()
    {
        var waybill = TestLedger.Parcel(3).WaybillNumber;

        var full = await _queries.TraceAsync(Everything, waybill, TestContext.Current.CancellationToken);
        var masked = await _queries.TraceAsync(TraceOnly, waybill, TestContext.Current.CancellationToken);
        var missing = await _queries.TraceAsync(TraceOnly, "EI99999999990", TestContext.Current.CancellationToken);
        var malformed = await _queries.TraceAsync(TraceOnly, "EI9", TestContext.Current.CancellationToken);

        Assert.Equal(TestLedger.Pii(0), full.Value!.SenderPii);
        Assert.Null(masked.Value!.SenderPii);
        Assert.Equal(TestLedger.Parcel(3).SenderNameMasked, masked.Value.SenderNameMasked);
        Assert.Equal(QueryError.NotFound, missing.Error?.Reason);
        Assert.Equal(QueryError.BadInput, malformed.Error?.Reason);
    }

    [Fact]
    public async Task Every_query_needs_its_role_and_refusals_are_audited_too()
    {
        var sender = await _queries.SenderParcelsAsync(TraceOnly, TestLedger.TokenOf(1), From, To, TestContext.Current.CancellationToken);
        var region = await _queries.RegionParcelsAsync(TraceOnly, "110000", RegionSide.Origin, From, To, cancellationToken: TestContext.Current.CancellationToken);
        var trace = await _queries.TraceAsync(Nobody, TestLedger.Parcel(1).WaybillNumber, TestContext.Current.CancellationToken);
        var audit = await _queries.AuditTrailAsync(TraceOnly, From, To.AddDays(1), TestContext.Current.CancellationToken);

        Assert.All([sender.Error, region.Error, trace.Error, audit.Error], e => Assert.Equal(QueryError.Unauthorized, e?.Reason));
        var log = await _store.ReadAuditAsync(From, To.AddDays(1), TestContext.Current.CancellationToken);
        Assert.Equal(["sender", "region", "trace", "audit"], log.Select(a => a.Query));
        Assert.All(log, a => Assert.False(a.Allowed));
        Assert.Equal("clerk-9", log[2].OfficerId);
    }

    [Fact]
    public async Task Sender_search_by_id_number_logs_only_the_token()
    {
        var idNumber = TestLedger.Pii(1).IdNumber;

        var byId = await _queries.SenderParcelsByIdNumberAsync(Everything, idNumber, From, To, TestContext.Current.CancellationToken);
        var byToken = await _queries.SenderParcelsAsync(Everything, _tokens.TokenOf(idNumber), From, To, TestContext.Current.CancellationToken);

        Assert.Equal([1, 4, 7, 10], byId.Value!.Select(p => (int)WaybillSerial(p)));
        Assert.Equal(byId.Value!.Select(p => p.WaybillNumber), byToken.Value!.Select(p => p.WaybillNumber));
        Assert.All(byId.Value!, p => Assert.Equal(TestLedger.Pii(1), p.SenderPii));
        var log = await _store.ReadAuditAsync(From, To.AddDays(1), TestContext.Current.CancellationToken);
        Assert.All(log, a => Assert.DoesNotContain(idNumber, a.Parameters, StringComparison.Ordinal));
        Assert.Equal(4, log[0].ResultCount);
        Assert.True(log[0].Allowed);
    }

    [Fact]
    public async Task Region_search_covers_the_codes_under_a_province_and_checks_its_input()
    {
        var beijingOrigin = await _queries.RegionParcelsAsync(Everything, "110000", RegionSide.Origin, From, To, cancellationToken: TestContext.Current.CancellationToken);
        var toShenzhenCity = await _queries.RegionParcelsAsync(Everything, "440300", RegionSide.Destination, From, To, cancellationToken: TestContext.Current.CancellationToken);
        var unknown = await _queries.RegionParcelsAsync(Everything, "990000", RegionSide.Either, From, To, cancellationToken: TestContext.Current.CancellationToken);
        var backwards = await _queries.RegionParcelsAsync(Everything, "110000", RegionSide.Either, To, From, cancellationToken: TestContext.Current.CancellationToken);
        var tooLong = await _queries.SenderParcelsAsync(Everything, TestLedger.TokenOf(1), From, From.AddDays(400), TestContext.Current.CancellationToken);

        Assert.Equal([2, 4, 6, 8, 10, 12], beijingOrigin.Value!.Select(p => (int)WaybillSerial(p)));
        Assert.Equal([3, 6, 9, 12], toShenzhenCity.Value!.Select(p => (int)WaybillSerial(p)));
        Assert.Equal(QueryError.BadInput, unknown.Error?.Reason);
        Assert.Equal(QueryError.BadInput, backwards.Error?.Reason);
        Assert.Equal(QueryError.BadInput, tooLong.Error?.Reason);
        Assert.Equal(5, (await _store.ReadAuditAsync(From, To.AddDays(1), TestContext.Current.CancellationToken)).Count);
    }

    private static long WaybillSerial(ParcelRecord parcel) => EId.Postal.Waybills.WaybillNumber.Parse(parcel.WaybillNumber).Value.Serial;

    public ValueTask DisposeAsync()
    {
        _ledger.Dispose();
        _keys.Dispose();
        _tokens.Dispose();
        return ValueTask.CompletedTask;
    }
}
