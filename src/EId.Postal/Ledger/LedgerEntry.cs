namespace EId.Postal.Ledger;

/// <summary>
/// One stored ledger entry. <see cref="Body"/> is the canonical encoding that the hash covers (all
/// public parcel fields and the sealed personal data); the other fields are searchable copies that
/// verification checks against the body.
/// </summary>
/// <param name="Sequence">Position in the chain, from 1.</param>
/// <param name="WaybillNumber">Waybill number (copy of the body's).</param>
/// <param name="SenderToken">Sender pseudonym (copy).</param>
/// <param name="AcceptedAt">Acceptance time, millisecond precision (copy).</param>
/// <param name="OriginRegion">Origin region code (copy).</param>
/// <param name="DestinationRegion">Destination region code (copy).</param>
/// <param name="Body">Canonical bytes.</param>
/// <param name="PreviousHash">The previous entry's hash (32 zero bytes for the first).</param>
/// <param name="EntryHash">SHA-256(previous hash ‖ body).</param>
public sealed record LedgerEntry(
    long Sequence,
    string WaybillNumber,
    string SenderToken,
    DateTimeOffset AcceptedAt,
    string OriginRegion,
    string DestinationRegion,
    byte[] Body,
    byte[] PreviousHash,
    byte[] EntryHash)
{
    /// <summary>Short summary (no personal data is held in the clear anyway).</summary>
    public override string ToString() => $"LedgerEntry(#{Sequence}, {WaybillNumber})";
}

/// <summary>A record's wrapped data key, stored apart from the entry so that it can be destroyed.</summary>
/// <param name="Sequence">The entry it opens.</param>
/// <param name="AcceptedAt">The entry's acceptance time (retention is counted from it).</param>
/// <param name="WrappedKey">The data key wrapped by the key-encryption key.</param>
public sealed record LedgerDataKey(long Sequence, DateTimeOffset AcceptedAt, byte[] WrappedKey)
{
    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"LedgerDataKey(#{Sequence})";
}

/// <summary>A signed statement "the entry at <see cref="Sequence"/> has hash <see cref="EntryHash"/>".</summary>
/// <param name="Sequence">The checkpointed entry.</param>
/// <param name="EntryHash">Its hash.</param>
/// <param name="SignedAt">When it was signed (millisecond precision).</param>
/// <param name="PublicKey">The signer's raw Ed25519 public key.</param>
/// <param name="Signature">Ed25519 signature over <see cref="LedgerCodec.CheckpointPayload"/>.</param>
public sealed record LedgerCheckpoint(long Sequence, byte[] EntryHash, DateTimeOffset SignedAt, byte[] PublicKey, byte[] Signature);

/// <summary>The end of the chain as a writer sees it inside its transaction.</summary>
/// <param name="LastSequence">The last sequence (0 for an empty ledger).</param>
/// <param name="LastHash">The last entry's hash (32 zero bytes for an empty ledger).</param>
public sealed record LedgerHead(long LastSequence, byte[] LastHash)
{
    /// <summary>The head of an empty ledger.</summary>
    public static LedgerHead Empty { get; } = new(0, new byte[32]);
}

/// <summary>What one append writes in one transaction.</summary>
/// <param name="Entries">The new entries, in sequence order.</param>
/// <param name="Keys">Their wrapped data keys.</param>
/// <param name="Checkpoints">Checkpoints falling inside the batch.</param>
public sealed record LedgerBatch(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<LedgerDataKey> Keys, IReadOnlyList<LedgerCheckpoint> Checkpoints);
