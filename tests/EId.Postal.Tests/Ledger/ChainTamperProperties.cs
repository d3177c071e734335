using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EId.Postal.Tests.Ledger;

/// <summary>
/// Property tests: whatever single edit, deletion or reordering an attacker with write access to
/// the stored entries makes, verification fails and names the first affected sequence. Uses the
/// in-memory store (the same ledger code as SQLite/PostgreSQL; those get the fixed cases in the
/// store contract) so that hundreds of random ledgers stay fast.
/// </summary>
public sealed class ChainTamperProperties : IDisposable
{
    private readonly LedgerKeys _keys = TestLedger.Keys();

    private (InMemoryLedgerStore Store, ParcelLedger Ledger) Build(int count)
    {
        var store = new InMemoryLedgerStore();
        // Checkpoint every entry so that removing the tail is detectable too.
        var ledger = TestLedger.Create(store, _keys, checkpointInterval: 1);
        var appended = ledger.TryAppendBatchAsync([.. Enumerable.Range(1, count).Select(i => TestLedger.Parcel(i, withPii: i % 2 == 0))]).AsTask().GetAwaiter().GetResult();
        Assert.True(appended.IsSuccess);
        return (store, ledger);
    }

    private static ChainVerification Verify(ParcelLedger ledger) => ledger.VerifyChainAsync().AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Untouched_ledgers_verify()
    {
        var (_, ledger) = Build(12);
        Assert.True(Verify(ledger).IsIntact);
    }

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Any_flipped_bit_in_any_stored_entry_is_detected_at_that_entry() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(2, 12).SelectMany(n => Gen.Choose(1, n).SelectMany(target => Gen.Choose(0, 3).SelectMany(field => Gen.Choose(0, 10_000).Select(offset => (n, target, field, offset)))))),
            t =>
            {
                var (store, ledger) = Build(t.n);
                var i = store.Entries.FindIndex(e => e.Sequence == t.target);
                var e = store.Entries[i];
                static byte[] Flip(byte[] bytes, int offset)
                {
                    var copy = bytes.ToArray();
                    copy[offset % copy.Length] ^= (byte)(1 << (offset % 8));
                    return copy;
                }

                store.Entries[i] = t.field switch
                {
                    0 => e with { Body = Flip(e.Body, t.offset) },
                    1 => e with { EntryHash = Flip(e.EntryHash, t.offset) },
                    2 => e with { PreviousHash = Flip(e.PreviousHash, t.offset) },
                    _ => e with { AcceptedAt = e.AcceptedAt.AddMilliseconds(1 + (t.offset % 1000)) },
                };
                var result = Verify(ledger);

                // A damaged stored hash is caught at its entry by the checkpoint (or by the next entry's link).
                return !result.IsIntact && result.FirstBadSequence == t.target;
            });

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Any_deletion_is_detected_at_the_first_missing_sequence() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(2, 12).SelectMany(n => Gen.Choose(1, n).SelectMany(first => Gen.Choose(1, n - first + 1).Select(count => (n, first, count))))),
            t =>
            {
                var (store, ledger) = Build(t.n);
                store.Entries.RemoveAll(e => e.Sequence >= t.first && e.Sequence < t.first + t.count);
                store.Reindex();
                var result = Verify(ledger);
                return !result.IsIntact && result.FirstBadSequence == t.first;
            });

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Any_reordering_is_detected_at_the_first_moved_entry() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(2, 12).SelectMany(n => Gen.Choose(1, n - 1).SelectMany(a => Gen.Choose(a + 1, n).SelectMany(b => Gen.Elements(true, false).Select(rotate => (n, a, b, rotate)))))),
            t =>
            {
                // Reordering in a database means renumbering: either swap two entries' places, or
                // move entry b up to position a and shift the ones between down.
                var (store, ledger) = Build(t.n);
                var moved = store.Entries.Where(e => e.Sequence >= t.a && e.Sequence <= t.b).OrderBy(e => e.Sequence).ToList();
                var order = t.rotate
                    ? [moved[^1], .. moved[..^1]]
                    : moved.Count == 2 ? [moved[1], moved[0]] : (List<LedgerEntry>)[moved[^1], .. moved[1..^1], moved[0]];
                store.Entries.RemoveAll(e => e.Sequence >= t.a && e.Sequence <= t.b);
                store.Entries.AddRange(order.Select((e, k) => e with { Sequence = t.a + k }));
                store.Reindex();
                var result = Verify(ledger);
                return !result.IsIntact && result.FirstBadSequence == t.a;
            });

    [FsCheck.Xunit.Property(MaxTest = 30)]
    public Property A_rewritten_rechained_suffix_is_caught_by_the_signed_checkpoints() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(2, 10).SelectMany(n => Gen.Choose(1, n).Select(target => (n, target)))),
            t =>
            {
                // The attacker edits an entry and recomputes every later hash; only the signatures stop them.
                var (store, ledger) = Build(t.n);
                var previous = t.target == 1 ? LedgerHead.Empty.LastHash : store.Entries[t.target - 2].EntryHash;
                for (var k = t.target - 1; k < store.Entries.Count; k++)
                {
                    var e = store.Entries[k];
                    var body = k == t.target - 1 ? LedgerCodec.EncodeBody(e.Sequence, TestLedger.Parcel(e.Sequence) with { WeightGrams = 1 }, []) : e.Body;
                    var hash = LedgerCodec.EntryHash(previous, body);
                    store.Entries[k] = e with { Body = body, PreviousHash = previous, EntryHash = hash };
                    previous = hash;
                }

                var result = Verify(ledger);
                return !result.IsIntact && result.FirstBadSequence == t.target && result.Reason == ChainProblem.CheckpointMismatch;
            });

    [Fact]
    public void A_checkpoint_signed_by_an_untrusted_key_is_rejected()
    {
        var (store, ledger) = Build(3);
        var forged = store.Checkpoints[1];
        var (signing, kek) = LedgerKeys.GenerateRaw();
        using var mallory = LedgerKeys.Create(signing, kek);
        store.Checkpoints[1] = forged with { PublicKey = mallory.SigningPublicKey!, Signature = mallory.Sign(LedgerCodec.CheckpointPayload(forged.Sequence, forged.EntryHash, forged.SignedAt)) };

        var result = Verify(ledger);

        Assert.Equal(ChainProblem.BadCheckpointSignature, result.Reason);
        Assert.Equal(2, result.FirstBadSequence);
    }

    [Fact]
    public async Task A_verify_only_key_set_checks_signatures_without_secrets()
    {
        var (store, _) = Build(5);
        using var auditorKeys = LedgerKeys.VerifyOnly([_keys.SigningPublicKey!]);
        using var strangerKeys = LedgerKeys.VerifyOnly([LedgerKeys.Create(LedgerKeys.GenerateRaw().SigningKey, new byte[32]).SigningPublicKey!]);

        var intact = await ChainVerifier.VerifyAsync(store, auditorKeys, TestContext.Current.CancellationToken);
        var untrusted = await ChainVerifier.VerifyAsync(store, strangerKeys, TestContext.Current.CancellationToken);
        store.Checkpoints[0] = store.Checkpoints[0] with { Signature = new byte[64] };
        var broken = await ChainVerifier.VerifyAsync(store, auditorKeys, TestContext.Current.CancellationToken);

        Assert.True(intact.IsIntact);
        Assert.Equal(ChainProblem.BadCheckpointSignature, untrusted.Reason);
        Assert.Equal(ChainProblem.BadCheckpointSignature, broken.Reason);
        Assert.Equal(1, broken.FirstBadSequence);
    }

    public void Dispose() => _keys.Dispose();
}
