namespace EId.Postal.Ledger;

/// <summary>
/// The head of one partition stream, a leaf of the signed tree head: the stream's id, how many entries its chain holds,
/// and the newest entry's hash (32 zero bytes for an empty stream).
/// </summary>
/// <param name="StreamId">The stream, 0 to stream count − 1.</param>
/// <param name="Length">The last sequence of the stream's chain (0 when empty).</param>
/// <param name="HeadHash">The hash of entry <paramref name="Length"/>.</param>
public sealed record StreamHead(int StreamId, long Length, byte[] HeadHash)
{
    /// <summary>The RFC 6962 leaf hash of this head in the stream-head tree.</summary>
    public byte[] LeafHash() => MerkleTree.LeafHash(TreeHeadCodec.StreamLeaf(this));

    /// <summary>Short summary.</summary>
    public override string ToString() => $"StreamHead(#{StreamId}, {Length}, {Convert.ToHexStringLower(HeadHash)[..Math.Min(16, HeadHash.Length * 2)]}…)";
}
