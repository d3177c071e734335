using EId.Storage;

namespace EId.Postal;

/// <summary>Options of the postal server: ledger storage, keys, checkpoints and the item policy.</summary>
public sealed class PostalOptions
{
    /// <summary>
    /// Where the ledger is kept (default SQLite <c>eid-postal.db</c>; PostgreSQL schema <c>eid_postal</c>, entries partitioned by
    /// month; the schema is at most 48 characters). Set with <c>AddEIdPostal().UseSqlite/UsePostgres/UseInMemory</c> or
    /// configuration <c>EId:Postal:Storage:Backend</c>.
    /// </summary>
    public StorageOptions Storage { get; } = new() { SqlitePath = "eid-postal.db", PostgresSchema = "eid_postal" };

    /// <summary>
    /// How many partition streams the ledger has (default 1: one hash chain in <see cref="Storage"/>). Above 1 the backend must be
    /// PostgreSQL and the ledger is the national <see cref="Ledger.PartitionedParcelLedger"/> in <c>Storage.PostgresSchema</c>
    /// (at most 40 characters; use a schema of its own, not one holding a single-chain ledger). At most
    /// <see cref="Ledger.StreamRouter.MaxStreams"/>. Set with <c>AddEIdPostal().UsePartitionedPostgres(...)</c> or
    /// configuration <c>EId:Postal:Streams</c>.
    /// </summary>
    public int Streams { get; set; } = 1;

    /// <summary>A signed checkpoint is written after every this many entries.</summary>
    public int CheckpointInterval { get; set; } = 1000;

    /// <summary>
    /// At most this long after an append, the newest entry is covered by a signed checkpoint even when fewer than
    /// <see cref="CheckpointInterval"/> entries followed (a quiet ledger cannot then be truncated unnoticed). Positive;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns time checkpoints off. Default 1 s.
    /// </summary>
    public TimeSpan CheckpointPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This ledger's identifier, signed into every receipt (1–64 of letters, digits, <c>._:-</c>).</summary>
    public string LedgerId { get; set; } = "eid-postal";

    /// <summary>The server's Ed25519 signing key for checkpoints and receipts (32-byte raw private key). Required.</summary>
    public byte[]? CheckpointSigningKey { get; set; }

    /// <summary>Public keys (32-byte raw Ed25519) whose checkpoints are trusted; the signing key's own is always trusted.</summary>
    public List<byte[]> TrustedCheckpointKeys { get; } = [];

    /// <summary>The key-encryption key (32 bytes) that wraps each record's data key. Required.</summary>
    public byte[]? KeyEncryptionKey { get; set; }

    /// <summary>The regulator's pseudonym key (at least 32 bytes) for sender tokens. Required.</summary>
    public byte[]? SenderTokenKey { get; set; }

    /// <summary>Category codes the default item policy refuses.</summary>
    public List<string> ProhibitedCategories { get; } = [];

    /// <summary>Heaviest parcel the default item policy accepts, in grams.</summary>
    public int MaxWeightGrams { get; set; } = 50_000;

    /// <summary>Identifier of this identity server, stored with each verification.</summary>
    public string VerifierId { get; set; } = "eid-identity-server";

    /// <summary>Also look e-ID QR holders up in the registry (off: QR credentials are verified offline only).</summary>
    public bool LookUpCredentialHolders { get; set; }

    /// <summary>SQLite: sync the WAL on every commit (power-loss safe) rather than only at checkpoints (crash safe).</summary>
    public bool SqliteFullSync { get; set; } = true;
}
