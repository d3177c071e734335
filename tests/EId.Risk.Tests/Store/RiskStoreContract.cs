using EId.Risk.Store;

namespace EId.Risk.Tests.Store;

/// <summary>The behaviour every <see cref="IRiskStore"/> must have; run against each implementation.</summary>
public abstract class RiskStoreContract : IAsyncDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 31, 23, 59, 59, 500, TimeSpan.Zero);

    private IRiskStore? _store;

    protected IRiskStore Store
    {
        get => _store ??= CreateStore();
        set => _store = value;
    }

    /// <summary>A new, empty store.</summary>
    protected abstract IRiskStore CreateStore();

    [Fact]
    public async Task Appended_event_comes_back_with_every_field()
    {
        var original = Event(T0, "subj-a", "dev-1", RiskDecision.Deny) with
        {
            Reasons = [new RiskReason(RiskReasonCode.IdBlacklisted, "the ID number is blacklisted", "id-blacklist"), new RiskReason(new RiskReasonCode("x.y"), "détail \"quoted\" ✓", "velocity")],
            SiteId = "site-9",
            SubjectMasked = "1101**********4518",
            RequestId = "req-42",
        };

        await Store.AppendAsync(original, TestContext.Current.CancellationToken);
        var stored = Assert.Single(await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken));

        Assert.Equal(original.Id, stored.Id);
        Assert.Equal(original.At, stored.At);
        Assert.Equal(TimeSpan.Zero, stored.At.Offset);
        Assert.Equal(original.Action, stored.Action);
        Assert.Equal(original.Decision, stored.Decision);
        Assert.Equal(original.Reasons, stored.Reasons);
        Assert.Equal(original.DeviceId, stored.DeviceId);
        Assert.Equal(original.SiteId, stored.SiteId);
        Assert.Equal(original.SubjectKey, stored.SubjectKey);
        Assert.Equal(original.SubjectMasked, stored.SubjectMasked);
        Assert.Equal(original.RequestId, stored.RequestId);
    }

    [Fact]
    public async Task Null_fields_stay_null()
    {
        await Store.AppendAsync(new RiskEvent { Id = Guid.NewGuid(), At = T0, Action = "issue-eid", Decision = RiskDecision.Allow }, TestContext.Current.CancellationToken);
        var stored = Assert.Single(await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken));
        Assert.Null(stored.DeviceId);
        Assert.Null(stored.SubjectKey);
        Assert.Empty(stored.Reasons);
    }

    [Fact]
    public async Task Queries_filter_by_subject_device_time_and_decision_oldest_first()
    {
        // Spans three months so that partitioned stores use several partitions.
        await Store.AppendBatchAsync(
        [
            Event(T0.AddDays(40), "s1", "d1", RiskDecision.Deny),
            Event(T0, "s1", "d2", RiskDecision.Allow),
            Event(T0.AddSeconds(1), "s2", "d1", RiskDecision.Review),
            Event(T0.AddDays(-20), "s2", "d2", RiskDecision.Deny),
            Event(T0.AddDays(1), "s1", "d1", RiskDecision.Deny),
        ], TestContext.Current.CancellationToken);

        var all = await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken);
        Assert.Equal(5, all.Count);
        Assert.Equal(all.OrderBy(e => e.At).Select(e => e.Id), all.Select(e => e.Id));

        Assert.Equal(3, (await Store.QueryAsync(new RiskEventQuery { SubjectKey = "s1" }, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(3, (await Store.QueryAsync(new RiskEventQuery { DeviceId = "d1" }, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(2, (await Store.QueryAsync(new RiskEventQuery { SubjectKey = "s1", DeviceId = "d1" }, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(3, (await Store.QueryAsync(new RiskEventQuery { Decision = RiskDecision.Deny }, TestContext.Current.CancellationToken)).Count);

        var window = await Store.QueryAsync(new RiskEventQuery { From = T0, To = T0.AddDays(1) }, TestContext.Current.CancellationToken);
        Assert.Equal([T0, T0.AddSeconds(1)], window.Select(e => e.At));

        var limited = await Store.QueryAsync(new RiskEventQuery { Limit = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal(all.Take(2).Select(e => e.Id), limited.Select(e => e.Id));
        Assert.Empty(await Store.QueryAsync(new RiskEventQuery { SubjectKey = "nobody" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Equal_times_keep_append_order()
    {
        var events = Enumerable.Range(0, 20).Select(_ => Event(T0, "s", "d", RiskDecision.Deny)).ToArray();
        foreach (var riskEvent in events)
        {
            await Store.AppendAsync(riskEvent, TestContext.Current.CancellationToken);
        }

        Assert.Equal(events.Select(e => e.Id), (await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_batch_with_a_duplicate_is_refused_whole()
    {
        var existing = Event(T0, "s", "d", RiskDecision.Deny);
        await Store.AppendAsync(existing, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Store.AppendBatchAsync([Event(T0.AddSeconds(1), "s", "d", RiskDecision.Allow), existing], TestContext.Current.CancellationToken));

        Assert.Single(await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Concurrent_appends_are_all_stored()
    {
        var store = Store;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await store.AppendAsync(Event(T0.AddMilliseconds(i), $"s{worker}", "d", RiskDecision.Deny), TestContext.Current.CancellationToken);
            }
        })));

        Assert.Equal(200, (await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken)).Count);
        Assert.Equal(25, (await Store.QueryAsync(new RiskEventQuery { SubjectKey = "s3" }, TestContext.Current.CancellationToken)).Count);
    }

    public virtual async ValueTask DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        GC.SuppressFinalize(this);
    }

    protected static RiskEvent Event(DateTimeOffset at, string subject, string device, RiskDecision decision) => new()
    {
        Id = Guid.NewGuid(),
        At = at,
        Action = "issue-eid",
        Decision = decision,
        Reasons = decision == RiskDecision.Allow ? [] : [new RiskReason(RiskReasonCode.VelocityExceeded, "too many", "velocity")],
        DeviceId = device,
        SubjectKey = subject,
    };
}
