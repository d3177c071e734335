namespace EId.Postal.Ledger;

/// <summary>
/// A signed tree head over every partition stream of a ledger, in the style of Certificate Transparency: one Ed25519
/// signature (the ledger's checkpoint key) covers <see cref="StreamsRoot"/>, the RFC 6962 root over all stream heads in
/// stream order, and <see cref="LogRoot"/>, the root over the log of every tree head published so far (this one is leaf
/// <see cref="TreeSize"/> − 1). See <see cref="TreeHeadCodec"/> for the signed bytes and <see cref="TreeHeadVerifier"/> for checks.
/// </summary>
/// <param name="LedgerId">The ledger's identifier.</param>
/// <param name="TreeSize">How many tree heads the log holds, this one included (from 1).</param>
/// <param name="Timestamp">When it was signed (millisecond precision).</param>
/// <param name="StreamCount">How many streams (leaves of the stream-head tree).</param>
/// <param name="StreamsRoot">The root over the stream heads.</param>
/// <param name="LogRoot">The root over the tree-head log's leaves 0 … <paramref name="TreeSize"/> − 1.</param>
/// <param name="PublicKey">The signer's raw Ed25519 public key.</param>
/// <param name="Signature">Ed25519 over <see cref="TreeHeadCodec.SignedPayload"/>.</param>
public sealed record SignedTreeHead(
    string LedgerId,
    long TreeSize,
    DateTimeOffset Timestamp,
    int StreamCount,
    byte[] StreamsRoot,
    byte[] LogRoot,
    byte[] PublicKey,
    byte[] Signature)
{
    /// <summary>Signs a tree head with the ledger's checkpoint key.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="keys"/> cannot sign.</exception>
    internal static SignedTreeHead Sign(LedgerKeys keys, string ledgerId, long treeSize, DateTimeOffset timestamp, int streamCount, byte[] streamsRoot, byte[] logRoot)
    {
        var payload = TreeHeadCodec.SignedPayload(ledgerId, treeSize, timestamp, streamCount, streamsRoot, logRoot);
        return new SignedTreeHead(ledgerId, treeSize, timestamp, streamCount, streamsRoot, logRoot, keys.SigningPublicKey!, keys.Sign(payload));
    }

    /// <summary>The leaf this tree head adds to the tree-head log (index <see cref="TreeSize"/> − 1).</summary>
    public byte[] LogLeafHash() => MerkleTree.LeafHash(TreeHeadCodec.LogLeaf(TreeSize - 1, Timestamp, StreamCount, StreamsRoot));

    /// <summary>Short summary (no key material).</summary>
    public override string ToString() => $"SignedTreeHead({LedgerId}, size {TreeSize}, {StreamCount} streams, {Timestamp:O})";
}
