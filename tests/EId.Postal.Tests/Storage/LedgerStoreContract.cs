using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Tests.Storage;

/// <summary>
/// The contract every <see cref="ILedgerStore"/> passes, run against real stores (in-memory,
/// SQLite temp file, PostgreSQL schema) through a real <see cref="ParcelLedger"/> with real keys.
/// Derived classes supply the store and the raw edits an attacker with database access could make.
/// </summary>
public abstract class LedgerStoreContract : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];

    protected LedgerKeys Keys { get; } = TestLedger.Keys();

    /// <summary>A fresh, empty store.</summary>
    protected abstract ValueTask<ILedgerStore> CreateStoreAsync();

    /// <summary>A second store instance over the same data (another process or a restart).</summary>
    protected abstract ValueTask<ILedgerStore> OpenSameAsync(ILedgerStore store);

    protected abstract ValueTask SetBodyAsync(ILedgerStore store, long sequence, byte[] body);

    protected abstract ValueTask SetSenderTokenAsync(ILedgerStore store, long sequence, string token);

    protected abstract ValueTask DeleteEntryAsync(ILedgerStore store, long sequence);

    protected abstract ValueTask SwapSequencesAsync(ILedgerStore store, long a, long b);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        Keys.Dispose();
        GC.SuppressFinalize(this);
    }

    protected T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private async Task<(ILedgerStore Store, ParcelLedger Ledger)> LedgerWithAsync(int parcels, int checkpointInterval = 4)
    {
        var store = Track(await CreateStoreAsync());
        var ledger = TestLedger.Create(store, Keys, checkpointInterval);
        if (parcels > 0)
        {
            var appended = await ledger.TryAppendBatchAsync([.. Enumerable.Range(1, parcels).Select(i => TestLedger.Parcel(i))], TestContext.Current.CancellationToken);
            Assert.True(appended.IsSuccess, appended.ToString());
        }

        return (store, ledger);
    }

    [Fact]
    public async Task Append_then_find_round_trips_public_fields_and_decrypted_pii()
    {
        var (_, ledger) = await LedgerWithAsync(0);
        var parcel = TestLedger.Parcel(1);
        var receipt = await ledger.AppendAsync(parcel, TestContext.Current.CancellationToken);

        Assert.Equal(1, receipt.Sequence);
        Assert.Equal(64, receipt.EntryHash.Length);
        var found = await ledger.FindAsync(parcel.WaybillNumber, TestContext.Current.CancellationToken);
        Assert.NotNull(found);
        Assert.Equal(parcel, found);
        Assert.Equal(parcel.SenderPii, found.SenderPii);
        Assert.Null(await ledger.FindAsync("EI99999999990", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Large_batch_sealed_in_parallel_keeps_order_and_each_parcels_own_pii()
    {
        var (_, ledger) = await LedgerWithAsync(0);
        var parcels = Enumerable.Range(1, 100).Select(i => TestLedger.Parcel(i)).ToList();
        var appended = await ledger.TryAppendBatchAsync(parcels, TestContext.Current.CancellationToken);

        Assert.True(appended.IsSuccess, appended.ToString());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), appended.Value.Select(r => r.Sequence));
        foreach (var parcel in parcels.Where((_, i) => i % 9 == 0 || i == 99))
        {
            var found = await ledger.FindAsync(parcel.WaybillNumber, TestContext.Current.CancellationToken);
            Assert.NotNull(found);
            Assert.Equal(parcel, found);
            Assert.Equal(parcel.SenderPii, found.SenderPii);
        }

        Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task Large_mixed_batch_keeps_pii_only_where_given_and_every_record_has_its_own_key()
    {
        var (store, ledger) = await LedgerWithAsync(0);
        var parcels = Enumerable.Range(1, 80).Select(i => TestLedger.Parcel(i, senders: 80, withPii: i % 4 != 0)).ToList();
        var appended = await ledger.TryAppendBatchAsync(parcels, TestContext.Current.CancellationToken);

        Assert.True(appended.IsSuccess, appended.ToString());
        var wrappedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parcel, receipt) in parcels.Zip(appended.Value))
        {
            var found = await ledger.FindAsync(parcel.WaybillNumber, TestContext.Current.CancellationToken);
            Assert.Equal(parcel, found);
            var wrapped = await store.GetDataKeyAsync(receipt.Sequence, TestContext.Current.CancellationToken);
            Assert.Equal(parcel.SenderPii is null, wrapped is null);
            Assert.True(wrapped is null || wrappedKeys.Add(Convert.ToHexString(wrapped)));
        }

        Assert.Equal(60, wrappedKeys.Count);
        Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task Stored_entry_holds_no_plaintext_personal_data()
    {
        var (store, _) = await LedgerWithAsync(3);
        var entries = await store.ReadEntriesAsync(1, 10, TestContext.Current.CancellationToken);
        foreach (var (entry, n) in entries.Zip(new long[] { 1, 2, 3 }))
        {
            var pii = TestLedger.Pii(n % 3);
            var text = System.Text.Encoding.UTF8.GetString(entry.Body);
            Assert.DoesNotContain(pii.IdNumber, text, StringComparison.Ordinal);
            Assert.DoesNotContain(pii.FullName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(pii.Phone!, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Batches_get_consecutive_sequences_signed_checkpoints_and_verify()
    {
        var (store, ledger) = await LedgerWithAsync(10, checkpointInterval: 4);
        var more = await ledger.TryAppendBatchAsync([TestLedger.Parcel(11), TestLedger.Parcel(12)], TestContext.Current.CancellationToken);

        Assert.True(more.IsSuccess);
        Assert.Equal([11L, 12L], more.Value.Select(r => r.Sequence));
        var checkpoints = await store.ReadCheckpointsAsync(TestContext.Current.CancellationToken);
        Assert.Equal([4L, 8L, 12L], checkpoints.Select(c => c.Sequence));
        var verification = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(12, verification.EntriesChecked);
        Assert.Equal(12, (await store.GetHeadAsync(TestContext.Current.CancellationToken)).LastSequence);
    }

    [Fact]
    public async Task Duplicate_waybill_is_a_typed_error_and_the_whole_batch_is_refused()
    {
        var (store, ledger) = await LedgerWithAsync(3);

        var again = await ledger.TryAppendAsync(TestLedger.Parcel(2), TestContext.Current.CancellationToken);
        var mixed = await ledger.TryAppendBatchAsync([TestLedger.Parcel(4), TestLedger.Parcel(3)], TestContext.Current.CancellationToken);

        Assert.Equal(ParcelError.DuplicateWaybill, again.Error?.Reason);
        Assert.Equal(ParcelError.DuplicateWaybill, mixed.Error?.Reason);
        Assert.Equal(3, (await store.GetHeadAsync(TestContext.Current.CancellationToken)).LastSequence);
        Assert.Null(await ledger.FindAsync(TestLedger.Parcel(4).WaybillNumber, TestContext.Current.CancellationToken));
        Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);

        // A refused batch leaves the writer usable (SQLite: its prepared statements were reset after the failed step).
        var after = await ledger.TryAppendAsync(TestLedger.Parcel(4), TestContext.Current.CancellationToken);
        Assert.True(after.IsSuccess, after.ToString());
        Assert.Equal(4, after.Value.Sequence);
        Assert.Equal(TestLedger.Parcel(4), await ledger.FindAsync(TestLedger.Parcel(4).WaybillNumber, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Queries_filter_by_sender_region_and_period()
    {
        var (_, ledger) = await LedgerWithAsync(30);
        var all = new LedgerQuery { From = TestLedger.Start, To = TestLedger.Start.AddDays(1) };

        var bySender = await ledger.QueryAsync(all with { SenderToken = TestLedger.TokenOf(1) }, withPii: false, TestContext.Current.CancellationToken);
        var byProvince = await ledger.QueryAsync(all with { RegionLow = "110000", RegionHigh = "119999", Side = RegionSide.Origin }, withPii: false, TestContext.Current.CancellationToken);
        var byWindow = await ledger.QueryAsync(all with { From = TestLedger.Start.AddMinutes(5), To = TestLedger.Start.AddMinutes(10) }, withPii: false, TestContext.Current.CancellationToken);
        var destinationEither = await ledger.QueryAsync(all with { RegionLow = "440305", RegionHigh = "440305" }, withPii: false, TestContext.Current.CancellationToken);
        var limited = await ledger.QueryAsync(all with { Limit = 7 }, withPii: false, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, 30).Where(n => n % 3 == 1).Select(n => TestLedger.Parcel(n).WaybillNumber), bySender.Select(p => p.WaybillNumber));
        Assert.Equal(15, byProvince.Count);
        Assert.All(byProvince, p => Assert.StartsWith("11", p.OriginRegion, StringComparison.Ordinal));
        Assert.Equal([5, 6, 7, 8, 9], byWindow.Select(p => (int)(p.AcceptedAt - TestLedger.Start).TotalMinutes));
        Assert.Equal(10, destinationEither.Count);
        Assert.Equal(7, limited.Count);
        Assert.All(bySender, p => Assert.Null(p.SenderPii));
    }

    [Fact]
    public async Task Shredding_expired_keys_destroys_pii_but_the_chain_still_verifies()
    {
        var (store, ledger) = await LedgerWithAsync(10);

        var shredded = await ledger.ShredExpiredAsync(TestLedger.Start.AddMinutes(6), TestContext.Current.CancellationToken);

        Assert.Equal(5, shredded);
        Assert.Null((await ledger.FindAsync(TestLedger.Parcel(5).WaybillNumber, TestContext.Current.CancellationToken))!.SenderPii);
        Assert.Null(await store.GetDataKeyAsync(5, TestContext.Current.CancellationToken));
        Assert.Equal(TestLedger.Pii(6 % 3), (await ledger.FindAsync(TestLedger.Parcel(6).WaybillNumber, TestContext.Current.CancellationToken))!.SenderPii);
        Assert.Equal(TestLedger.Parcel(5).SenderNameMasked, (await ledger.FindAsync(TestLedger.Parcel(5).WaybillNumber, TestContext.Current.CancellationToken))!.SenderNameMasked);
        Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task Edited_entry_body_is_pinpointed()
    {
        var (store, ledger) = await LedgerWithAsync(9);
        var entry = (await store.ReadEntriesAsync(6, 1, TestContext.Current.CancellationToken))[0];
        var body = entry.Body.ToArray();
        body[body.Length / 2] ^= 0x01;
        await SetBodyAsync(store, 6, body);

        var result = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, result.FirstBadSequence);
        Assert.Equal(ChainProblem.HashMismatch, result.Reason);
        Assert.Equal(5, result.EntriesChecked);
    }

    [Fact]
    public async Task Edited_search_column_is_detected()
    {
        var (store, ledger) = await LedgerWithAsync(5);
        await SetSenderTokenAsync(store, 3, TestLedger.TokenOf(2));

        var result = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, result.FirstBadSequence);
        Assert.Equal(ChainProblem.IndexMismatch, result.Reason);
    }

    [Fact]
    public async Task Deleted_entry_is_a_gap_at_its_sequence()
    {
        var (store, ledger) = await LedgerWithAsync(7);
        await DeleteEntryAsync(store, 4);

        var result = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, result.FirstBadSequence);
        Assert.Equal(ChainProblem.SequenceGap, result.Reason);
    }

    [Fact]
    public async Task Deleted_tail_is_caught_by_a_signed_checkpoint()
    {
        var (store, ledger) = await LedgerWithAsync(8, checkpointInterval: 4);
        await DeleteEntryAsync(store, 8);
        await DeleteEntryAsync(store, 7);

        var result = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, result.FirstBadSequence);
        Assert.Equal(ChainProblem.MissingEntries, result.Reason);
    }

    [Fact]
    public async Task Reordered_entries_are_detected_at_the_first_moved_one()
    {
        var (store, ledger) = await LedgerWithAsync(6);
        await SwapSequencesAsync(store, 2, 3);

        var result = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBadSequence);
    }

    [Fact]
    public async Task Data_survives_reopening_and_appends_continue_the_chain()
    {
        var (store, _) = await LedgerWithAsync(5);
        var reopened = await OpenSameAsync(store);
        var ledger = TestLedger.Create(reopened, Keys);

        var next = await ledger.AppendAsync(TestLedger.Parcel(6), TestContext.Current.CancellationToken);

        Assert.Equal(6, next.Sequence);
        Assert.Equal(TestLedger.Pii(1), (await ledger.FindAsync(TestLedger.Parcel(1).WaybillNumber, TestContext.Current.CancellationToken))!.SenderPii);
        Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task Concurrent_writers_keep_one_intact_chain()
    {
        var (store, first) = await LedgerWithAsync(0);
        var second = TestLedger.Create(await OpenSameAsync(store), Keys);
        var ct = TestContext.Current.CancellationToken;

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 1; i <= 20; i++) { Assert.True((await first.TryAppendBatchAsync([TestLedger.Parcel(i * 2), TestLedger.Parcel(1000 + (i * 2))], ct)).IsSuccess); } }, ct),
            Task.Run(async () => { for (var i = 1; i <= 20; i++) { Assert.True((await second.TryAppendBatchAsync([TestLedger.Parcel((i * 2) + 1), TestLedger.Parcel(1001 + (i * 2))], ct)).IsSuccess); } }, ct));

        var result = await first.VerifyChainAsync(ct);
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(80, result.EntriesChecked);
    }

    [Fact]
    public async Task Audit_records_are_stored_and_read_by_period()
    {
        var (store, _) = await LedgerWithAsync(0);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        var t = TestLedger.Start;
        await store.AppendAuditAsync(new RegulatorAuditRecord(t, "officer-1", "Trace", "trace", "waybill=EI1", true, 1), TestContext.Current.CancellationToken);
        await store.AppendAuditAsync(new RegulatorAuditRecord(t.AddHours(2), "officer-2", "None", "region", "region=110000", false, 0), TestContext.Current.CancellationToken);

        var firstHour = await store.ReadAuditAsync(t, t.AddHours(1), TestContext.Current.CancellationToken);
        var all = await store.ReadAuditAsync(t, t.AddDays(1), TestContext.Current.CancellationToken);

        Assert.Equal(new RegulatorAuditRecord(t, "officer-1", "Trace", "trace", "waybill=EI1", true, 1), Assert.Single(firstHour));
        Assert.Equal(2, all.Count);
        Assert.False(all[1].Allowed);
    }

    [Fact]
    public async Task Truncating_the_newest_entries_between_checkpoints_is_caught_by_their_receipts()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Track(await CreateStoreAsync());
        var ledger = TestLedger.Create(store, Keys, checkpointInterval: 1000);
        var receipts = new List<SignedLedgerReceipt>();
        for (var i = 1; i <= 3; i++)
        {
            receipts.Add(ledger.SignReceipt(await ledger.AppendAsync(TestLedger.Parcel(i), ct)));
        }

        await DeleteEntryAsync(store, 3);
        await DeleteEntryAsync(store, 2);

        // No checkpoint covers entries 2 and 3 yet: the chain alone cannot tell that they were there.
        Assert.True((await ledger.VerifyChainAsync(ct)).IsIntact);
        Assert.True((await ledger.VerifyReceiptAsync(receipts[0], ct)).IsValid);
        var missing = await ledger.VerifyReceiptAsync(receipts[2], ct);
        Assert.Equal(ReceiptProblem.EntryMissing, missing.Problem);
        Assert.Equal(3, missing.Sequence);
        Assert.Equal(ReceiptProblem.EntryMissing, (await ReceiptVerifier.VerifyAsync(store, receipts[1], LedgerKeys.VerifyOnly([Keys.SigningPublicKey!]), cancellationToken: ct)).Problem);
    }

    [Fact]
    public async Task Truncating_the_newest_entries_is_caught_by_the_time_checkpoint_one_period_later()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(TestLedger.Start);
        var store = Track(await CreateStoreAsync());
        using var ledger = TestLedger.Create(store, Keys, checkpointInterval: 1000, time: clock);
        for (var i = 1; i <= 3; i++)
        {
            await ledger.AppendAsync(TestLedger.Parcel(i), ct);
        }

        clock.Advance(TimeSpan.FromMilliseconds(999));
        await ledger.TimedCheckpoint;
        Assert.Empty(await store.ReadCheckpointsAsync(ct));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await ledger.TimedCheckpoint;

        var checkpoint = Assert.Single(await store.ReadCheckpointsAsync(ct));
        Assert.Equal(3, checkpoint.Sequence);
        Assert.True((await ledger.VerifyChainAsync(ct)).IsIntact);
        await DeleteEntryAsync(store, 3);
        var result = await ledger.VerifyChainAsync(ct);
        Assert.Equal(ChainProblem.MissingEntries, result.Reason);
        Assert.Equal(3, result.FirstBadSequence);
    }

    [Fact]
    public async Task A_busy_ledger_signs_one_time_checkpoint_a_period_over_its_newest_entry_and_none_when_idle()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(TestLedger.Start);
        var store = Track(await CreateStoreAsync());
        using var ledger = TestLedger.Create(store, Keys, checkpointInterval: 4, time: clock);

        await ledger.AppendAsync(TestLedger.Parcel(1), ct);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        await ledger.TryAppendBatchAsync([TestLedger.Parcel(2), TestLedger.Parcel(3), TestLedger.Parcel(4)], ct);
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await ledger.TimedCheckpoint;
        clock.Advance(TimeSpan.FromSeconds(5));
        await ledger.TimedCheckpoint;
        await ledger.AppendAsync(TestLedger.Parcel(5), ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await ledger.TimedCheckpoint;

        // Entry 4 was checkpointed by count inside its batch; the timer then found the head covered and wrote nothing.
        Assert.Equal([4L, 5L], (await store.ReadCheckpointsAsync(ct)).Select(c => c.Sequence));
        Assert.Null(await ledger.CheckpointAsync(ct));
        Assert.True((await ledger.VerifyChainAsync(ct)).IsIntact);
    }

    [Fact]
    public async Task An_altered_entry_is_refused_by_its_receipt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, ledger) = await LedgerWithAsync(0, checkpointInterval: 1000);
        var receipt = ledger.SignReceipt(await ledger.AppendAsync(TestLedger.Parcel(1), ct));
        var body = (await store.ReadEntriesAsync(1, 1, ct))[0].Body.ToArray();
        body[^1] ^= 0x01;

        await SetBodyAsync(store, 1, body);

        Assert.Equal(ReceiptProblem.EntryAltered, (await ledger.VerifyReceiptAsync(receipt, ct)).Problem);
    }

    [Fact]
    public async Task Receipts_survive_a_restart_and_the_restarted_ledger_checkpoints_what_was_left_unsigned()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, ledger) = await LedgerWithAsync(0, checkpointInterval: 1000);
        var json = ledger.SignReceipt(await ledger.AppendAsync(TestLedger.Parcel(1), ct)).ToJson();
        ledger.Dispose();

        var clock = new FakeTimeProvider(TestLedger.Start.AddHours(1));
        var reopened = await OpenSameAsync(store);
        using var restarted = TestLedger.Create(reopened, Keys, checkpointInterval: 1000, time: clock);
        var receipt = SignedLedgerReceipt.FromJson(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.NotNull(receipt);
        Assert.True((await restarted.VerifyReceiptAsync(receipt, ct)).IsValid);
        clock.Advance(TimeSpan.FromSeconds(1));
        await restarted.TimedCheckpoint;
        Assert.Equal(1, Assert.Single(await reopened.ReadCheckpointsAsync(ct)).Sequence);
    }

    [Fact]
    public async Task Bad_parcels_are_typed_errors_and_nothing_is_written()
    {
        var (store, ledger) = await LedgerWithAsync(1);

        var badWaybill = await ledger.TryAppendAsync(TestLedger.Parcel(2) with { WaybillNumber = "EI12345" }, TestContext.Current.CancellationToken);
        var badRegion = await ledger.TryAppendAsync(TestLedger.Parcel(2) with { OriginRegion = "990000" }, TestContext.Current.CancellationToken);
        var tooLong = await ledger.TryAppendAsync(TestLedger.Parcel(2) with { ItemDescription = new string('x', 201) }, TestContext.Current.CancellationToken);

        Assert.Equal(ParcelError.BadWaybill, badWaybill.Error?.Reason);
        Assert.Equal(ParcelError.BadRegion, badRegion.Error?.Reason);
        Assert.Equal(ParcelError.FieldTooLong, tooLong.Error?.Reason);
        Assert.Equal(1, (await store.GetHeadAsync(TestContext.Current.CancellationToken)).LastSequence);
    }
}
