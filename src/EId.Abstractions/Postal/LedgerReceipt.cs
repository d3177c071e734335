namespace EId.Postal;

/// <summary>Proof that a parcel was appended to the ledger.</summary>
/// <param name="Sequence">Position in the chain, from 1.</param>
/// <param name="EntryHash">Hash of the entry (hex), which the next entry commits to.</param>
/// <param name="AppendedAt">When it was stored.</param>
public sealed record LedgerReceipt(long Sequence, string EntryHash, DateTimeOffset AppendedAt);
