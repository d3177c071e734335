using EId.Postal.Ledger;
using EId.Postal.Storage;

namespace EId.Postal.Tests.Storage;

public sealed class InMemoryLedgerStoreTests : LedgerStoreContract
{
    protected override ValueTask<ILedgerStore> CreateStoreAsync() => ValueTask.FromResult<ILedgerStore>(new InMemoryLedgerStore());

    protected override ValueTask<ILedgerStore> OpenSameAsync(ILedgerStore store) => ValueTask.FromResult(store);

    protected override ValueTask SetBodyAsync(ILedgerStore store, long sequence, byte[] body) =>
        Edit(store, sequence, e => e with { Body = body });

    protected override ValueTask SetSenderTokenAsync(ILedgerStore store, long sequence, string token) =>
        Edit(store, sequence, e => e with { SenderToken = token });

    protected override ValueTask DeleteEntryAsync(ILedgerStore store, long sequence)
    {
        var memory = (InMemoryLedgerStore)store;
        memory.Entries.RemoveAll(e => e.Sequence == sequence);
        memory.Reindex();
        return ValueTask.CompletedTask;
    }

    protected override ValueTask SwapSequencesAsync(ILedgerStore store, long a, long b)
    {
        var memory = (InMemoryLedgerStore)store;
        var i = memory.Entries.FindIndex(e => e.Sequence == a);
        var j = memory.Entries.FindIndex(e => e.Sequence == b);
        (memory.Entries[i], memory.Entries[j]) = (memory.Entries[j] with { Sequence = a }, memory.Entries[i] with { Sequence = b });
        memory.Reindex();
        return ValueTask.CompletedTask;
    }

    private static ValueTask Edit(ILedgerStore store, long sequence, Func<LedgerEntry, LedgerEntry> edit)
    {
        var memory = (InMemoryLedgerStore)store;
        var i = memory.Entries.FindIndex(e => e.Sequence == sequence);
        memory.Entries[i] = edit(memory.Entries[i]);
        memory.Reindex();
        return ValueTask.CompletedTask;
    }
}
