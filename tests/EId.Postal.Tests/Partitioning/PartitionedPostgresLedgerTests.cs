using System.Globalization;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EId.Postal.Tests.Partitioning;

/// <summary>
/// The partitioned national ledger on a real PostgreSQL server (<c>EID_TEST_POSTGRES</c>; skipped with a reason without one),
/// each test in its own schema: parallel streams, tamper detection per partition, partition pruning, the signed tree head and
/// its inclusion and consistency proofs.
/// </summary>
public sealed class PartitionedPostgresLedgerTests : IAsyncLifetime
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
    private readonly LedgerKeys _keys = TestLedger.Keys();
    private readonly List<PartitionedPostgresLedgerStore> _stores = [];
    private readonly List<PartitionedParcelLedger> _ledgers = [];
    private readonly FakeTimeProvider _clock = new(TestLedger.Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var ledger in _ledgers)
        {
            await ledger.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            await store.DropSchemaAsync();
            await store.DisposeAsync();
        }

        _keys.Dispose();
    }

    [Fact]
    public async Task Parallel_appends_on_different_streams_all_land_and_every_stream_verifies()
    {
        var ledger = await CreateAsync(streams: 4);
        const int writers = 8;
        const int batches = 6;
        const int perBatch = 25;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var parcels = Enumerable.Range(0, perBatch).Select(i => TestLedger.Parcel(1 + (((w * batches) + b) * perBatch) + i)).ToList();
                var results = await ledger.TryAppendBatchAsync(parcels, Ct);
                Assert.All(results.Values, r => Assert.True(r.IsSuccess));
                Assert.Equal(parcels.Count, results.Values.Sum(r => r.Value!.Count));
            }
        }, Ct)));

        var heads = await ledger.Store.ReadStreamHeadsAsync(Ct);
        Assert.Equal(4, heads.Count);
        Assert.All(heads, h => Assert.True(h.Length > 0, $"stream {h.StreamId} received nothing"));
        Assert.Equal(writers * batches * perBatch, heads.Sum(h => h.Length));
        var verification = await ledger.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.ToString());
        Assert.Equal(writers * batches * perBatch, verification.EntriesChecked);

        // Every parcel is found through the stream its waybill maps to, with its personal data.
        foreach (var n in new long[] { 1, 77, 600, writers * batches * perBatch })
        {
            var found = await ledger.FindAsync(TestLedger.Parcel(n).WaybillNumber, Ct);
            Assert.NotNull(found);
            Assert.Equal(TestLedger.Pii(n % 3), found.SenderPii);
        }
    }

    [Theory]
    [InlineData("body = set_byte(body, 30, get_byte(body, 30) # 1)", ChainProblem.HashMismatch)]
    [InlineData("entry_hash = set_byte(entry_hash, 0, get_byte(entry_hash, 0) # 1)", ChainProblem.HashMismatch)]
    [InlineData("prev_hash = set_byte(prev_hash, 5, get_byte(prev_hash, 5) # 1)", ChainProblem.PreviousHashMismatch)]
    [InlineData("sender_token = sender_token || 'x'", ChainProblem.IndexMismatch)]
    [InlineData("waybill = 'EI0000000000X'", ChainProblem.IndexMismatch)]
    [InlineData("origin = '650100'", ChainProblem.IndexMismatch)]
    [InlineData("destination = '650100'", ChainProblem.IndexMismatch)]
    [InlineData("accepted_at = accepted_at + interval '1 millisecond'", ChainProblem.IndexMismatch)]
    [InlineData("seq = seq + 1000", ChainProblem.SequenceGap)]
    public async Task A_tampered_column_in_any_partition_fails_and_names_the_stream_and_sequence(string edit, ChainProblem expected)
    {
        var ledger = await CreateAsync(streams: 3);
        await AppendAsync(ledger, 1, 40);
        var heads = await ledger.Store.ReadStreamHeadsAsync(Ct);
        var target = heads.Where(h => h.Length >= 3).OrderByDescending(h => h.StreamId).First().StreamId;

        await ExecuteAsync(ledger.Store, $"UPDATE {{0}}.entries SET {edit} WHERE stream = {target} AND seq = 2");

        var result = await ledger.VerifyAsync(Ct);
        Assert.False(result.IsIntact);
        Assert.Equal(target, result.FirstBadStream);
        Assert.Equal(2, result.FirstBadSequence);
        Assert.Equal(expected, result.Reason);
        Assert.All(result.Streams.Where((_, s) => s != target), s => Assert.True(s.IsIntact));
        Assert.StartsWith($"Stream {target}:", (await ledger.VerifyChainAsync(Ct)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_newest_entry_of_a_stream_is_caught_by_its_head_row()
    {
        var ledger = await CreateAsync(streams: 2, checkpointInterval: 1000);
        await AppendAsync(ledger, 1, 20);
        var head = (await ledger.Store.ReadStreamHeadsAsync(Ct))[1];

        await ExecuteAsync(ledger.Store, $"DELETE FROM {{0}}.entries WHERE stream = 1 AND seq = {head.Length}");

        var result = await ledger.VerifyAsync(Ct);
        Assert.Equal(1, result.FirstBadStream);
        Assert.Equal(head.Length, result.FirstBadSequence);
        Assert.Equal(ChainProblem.MissingEntries, result.Reason);
    }

    [Fact]
    public async Task A_query_by_period_reads_only_that_months_partitions()
    {
        var ledger = await CreateAsync(streams: 3);
        var november = Enumerable.Range(1, 12).Select(i => TestLedger.Parcel(i)).ToList();
        var december = Enumerable.Range(13, 12).Select(i => TestLedger.Parcel(i, acceptedAt: new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero).AddMinutes(i))).ToList();
        Assert.All((await ledger.TryAppendBatchAsync([.. november, .. december], Ct)).Values, r => Assert.True(r.IsSuccess));
        var schema = ledger.Store.Schema;

        var period = await ExplainAsync($"SELECT seq FROM {schema}.entries WHERE accepted_at >= '2026-11-01T00:00:00Z' AND accepted_at < '2026-12-01T00:00:00Z'");
        Assert.All(Enumerable.Range(0, 3), s => Assert.Contains($"entries_p202611_s{s}", period, StringComparison.Ordinal));
        Assert.DoesNotContain("entries_p202612", period, StringComparison.Ordinal);

        var oneStream = await ExplainAsync($"SELECT seq FROM {schema}.entries WHERE stream = 1 AND accepted_at >= '2026-12-01T00:00:00Z' AND accepted_at < '2027-01-01T00:00:00Z'");
        Assert.Contains("entries_p202612_s1", oneStream, StringComparison.Ordinal);
        Assert.DoesNotContain("entries_p202611", oneStream, StringComparison.Ordinal);
        Assert.DoesNotContain("_s0", oneStream, StringComparison.Ordinal);
        Assert.DoesNotContain("_s2", oneStream, StringComparison.Ordinal);

        // And the stream's own query returns exactly its December parcels.
        var stream1December = december.Count(p => ledger.Router.StreamOf(p.WaybillNumber) == 1);
        var found = await ledger.Stream(1).QueryAsync(new LedgerQuery { From = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero) }, withPii: false, Ct);
        Assert.Equal(stream1December, found.Count);
    }

    [Fact]
    public async Task The_tree_head_signature_verifies_and_fails_when_any_byte_changes()
    {
        var ledger = await CreateAsync(streams: 4);
        await AppendAsync(ledger, 1, 30);
        var head = await ledger.PublishTreeHeadAsync(Ct);
        var auditor = LedgerKeys.VerifyOnly([_keys.SigningPublicKey!]);
        using var stranger = LedgerKeys.Create(LedgerKeys.GenerateRaw().SigningKey, new byte[32]);

        Assert.True(TreeHeadVerifier.VerifySignature(head, auditor));
        Assert.False(TreeHeadVerifier.VerifySignature(head, LedgerKeys.VerifyOnly([stranger.SigningPublicKey!])));
        var bytes = TreeHeadCodec.Encode(head);
        var decoded = TreeHeadCodec.Decode(bytes);
        Assert.True(decoded.IsSuccess);
        Assert.True(TreeHeadVerifier.VerifySignature(decoded.Value, auditor));
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x01;
            var parsed = TreeHeadCodec.Decode(changed);
            Assert.False(parsed.IsSuccess && TreeHeadVerifier.VerifySignature(parsed.Value, auditor), $"byte {i} changed and the tree head still verifies");
        }
    }

    [Fact]
    public async Task Stream_heads_and_entries_are_proven_in_tree_heads_and_later_heads_are_consistent()
    {
        var ledger = await CreateAsync(streams: 5);
        await AppendAsync(ledger, 1, 30);
        var first = await ledger.PublishTreeHeadAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await AppendAsync(ledger, 31, 20);
        var second = await ledger.PublishTreeHeadAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await AppendAsync(ledger, 51, 20);
        var third = await ledger.PublishTreeHeadAsync(Ct);
        var auditor = LedgerKeys.VerifyOnly([_keys.SigningPublicKey!]);
        Assert.Equal([1L, 2L, 3L], [first.TreeSize, second.TreeSize, third.TreeSize]);
        Assert.NotEqual(first.StreamsRoot, second.StreamsRoot);

        for (var s = 0; s < 5; s++)
        {
            var (head, proof) = (await ledger.ProveStreamHeadAsync(second.TreeSize, s, Ct))!.Value;
            Assert.True(TreeHeadVerifier.VerifyStreamHead(second, head, proof));
            Assert.False(TreeHeadVerifier.VerifyStreamHead(first, head, proof));
            Assert.False(TreeHeadVerifier.VerifyStreamHead(second, head with { Length = head.Length + 1 }, proof));
            Assert.False(TreeHeadVerifier.VerifyStreamHead(second, head with { StreamId = (s + 1) % 5 }, proof));

            // The stream's first entry is in that head: re-chaining its body and every later one reaches the head hash.
            var entryProof = await ledger.ProveEntryAsync(s, 1, second.TreeSize, Ct);
            Assert.NotNull(entryProof);
            Assert.True(TreeHeadVerifier.VerifyEntry(head, entryProof));
            var forgedBody = entryProof.Body.ToArray();
            forgedBody[^1] ^= 1;
            Assert.False(TreeHeadVerifier.VerifyEntry(head, entryProof with { Body = forgedBody }));
            Assert.False(TreeHeadVerifier.VerifyEntry(head, entryProof with { FollowingBodies = [.. entryProof.FollowingBodies.Skip(1)] }));
        }

        var consistency = (await ledger.ProveConsistencyAsync(1, 3, Ct))!;
        Assert.Equal(TreeHeadConsistency.Consistent, TreeHeadVerifier.VerifyConsistency(first, third, consistency, auditor));
        Assert.Equal(TreeHeadConsistency.Consistent, TreeHeadVerifier.VerifyConsistency(second, third, (await ledger.ProveConsistencyAsync(2, 3, Ct))!, auditor));
        Assert.Equal(TreeHeadConsistency.ProofFails, TreeHeadVerifier.VerifyConsistency(second, third, consistency, auditor));
        Assert.Equal(TreeHeadConsistency.OutOfOrder, TreeHeadVerifier.VerifyConsistency(third, first, consistency, auditor));
        Assert.Equal(TreeHeadConsistency.BadSignature, TreeHeadVerifier.VerifyConsistency(first with { LogRoot = third.LogRoot }, third, consistency, auditor));
        Assert.True(TreeHeadVerifier.VerifyTreeHeadInLog(first, third, (await ledger.ProveTreeHeadInLogAsync(1, 3, Ct))!));
        Assert.False(TreeHeadVerifier.VerifyTreeHeadInLog(second, third, (await ledger.ProveTreeHeadInLogAsync(1, 3, Ct))!));

        foreach (var size in new long[] { 1, 2, 3 })
        {
            Assert.True((await ledger.AuditTreeHeadAsync(size, Ct)).IsValid);
        }

        // Rewriting the entry the first tree head names as a stream's head: that tree head is no longer a prefix of the ledger.
        var victim = (await ledger.Store.ReadTreeHeadStreamsAsync(1, Ct)).First(h => h.Length > 0);
        await ExecuteAsync(ledger.Store, $"UPDATE {{0}}.entries SET entry_hash = set_byte(entry_hash, 0, get_byte(entry_hash, 0) # 1) WHERE stream = {victim.StreamId} AND seq = {victim.Length}");
        Assert.Equal(new TreeHeadAudit(1, TreeHeadAuditProblem.StreamNotPrefix, victim.StreamId), await ledger.AuditTreeHeadAsync(1, Ct));
        Assert.Equal(TreeHeadAuditProblem.NotFound, (await ledger.AuditTreeHeadAsync(9, Ct)).Problem);
    }

    [Fact]
    public async Task The_stream_count_of_an_existing_ledger_cannot_change()
    {
        var ledger = await CreateAsync(streams: 4);
        var other = Track(new PartitionedPostgresLedgerStore(ConnectionString!, 3, ledger.Store.Schema));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await other.InitializeAsync(Ct));
        Assert.Contains("4 streams", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waybill_is_unique_across_streams()
    {
        var ledger = await CreateAsync(streams: 3);
        var parcel = TestLedger.Parcel(5);
        var home = ledger.Router.StreamOf(parcel.WaybillNumber);
        Assert.True((await ledger.Stream(home).TryAppendAsync(parcel, Ct)).IsSuccess);

        var again = await ledger.Stream((home + 1) % 3).TryAppendAsync(parcel, Ct);

        Assert.False(again.IsSuccess);
        Assert.Equal(EId.Postal.Parcels.ParcelError.DuplicateWaybill, again.Error.Reason);
        Assert.True((await ledger.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public void Waybills_map_to_streams_deterministically_and_evenly()
    {
        var router = new StreamRouter(8);
        var counts = new int[8];
        for (var n = 1; n <= 8000; n++)
        {
            var waybill = TestLedger.Parcel(n).WaybillNumber;
            var stream = router.StreamOf(waybill);
            Assert.Equal(stream, new StreamRouter(8).StreamOf($" {waybill} "));
            counts[stream]++;
        }

        // SHA-256 spreads waybills: each of 8 streams gets 1000 ± 15 %.
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    private async Task<PartitionedParcelLedger> CreateAsync(int streams, int checkpointInterval = 4)
    {
        Assert.SkipWhen(string.IsNullOrEmpty(ConnectionString), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a server).");
        var store = Track(new PartitionedPostgresLedgerStore(ConnectionString!, streams, $"eid_national_t{Guid.NewGuid():N}"[..36]));
        var ledger = new PartitionedParcelLedger(store, _keys, Options.Create(new PostalOptions { CheckpointInterval = checkpointInterval, LedgerId = "eid-national-test" }), _clock);
        _ledgers.Add(ledger);
        await ledger.EnsureInitializedAsync(Ct);
        return ledger;
    }

    private PartitionedPostgresLedgerStore Track(PartitionedPostgresLedgerStore store)
    {
        _stores.Add(store);
        return store;
    }

    private static async Task AppendAsync(PartitionedParcelLedger ledger, int first, int count)
    {
        var results = await ledger.TryAppendBatchAsync([.. Enumerable.Range(first, count).Select(i => TestLedger.Parcel(i))], Ct);
        Assert.All(results.Values, r => Assert.True(r.IsSuccess));
    }

    private static async Task ExecuteAsync(PartitionedPostgresLedgerStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, sql, store.Schema), connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    private static async Task<string> ExplainAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("EXPLAIN (COSTS OFF) " + sql, connection);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
