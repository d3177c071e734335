namespace EId.Postal.Ledger;

/// <summary>What a <see cref="MerkleProof"/> proves.</summary>
public enum MerkleProofKind
{
    /// <summary>Leaf <see cref="MerkleProof.First"/> is in the tree of <see cref="MerkleProof.Second"/> leaves.</summary>
    Inclusion = 1,

    /// <summary>The tree of <see cref="MerkleProof.First"/> leaves is a prefix of the tree of <see cref="MerkleProof.Second"/> leaves.</summary>
    Consistency = 2,
}

/// <summary>
/// An RFC 6962 inclusion or consistency proof. Inclusion: leaf index <see cref="First"/> in a tree of <see cref="Second"/> leaves.
/// Consistency: old size <see cref="First"/>, new size <see cref="Second"/>. <see cref="Path"/> holds the 32-byte node hashes.
/// </summary>
/// <param name="Kind">Inclusion or consistency.</param>
/// <param name="First">Leaf index (inclusion) or old tree size (consistency).</param>
/// <param name="Second">Tree size (inclusion) or new tree size (consistency).</param>
/// <param name="Path">Node hashes in RFC 9162 order.</param>
public sealed record MerkleProof(MerkleProofKind Kind, long First, long Second, IReadOnlyList<byte[]> Path)
{
    /// <summary>True when this inclusion proof shows <paramref name="leafHash"/> is in the tree with <paramref name="root"/>.</summary>
    public bool VerifiesInclusion(ReadOnlySpan<byte> leafHash, ReadOnlySpan<byte> root) =>
        Kind == MerkleProofKind.Inclusion && MerkleTree.VerifyInclusion(leafHash, First, Second, Path, root);

    /// <summary>True when this consistency proof shows the tree with <paramref name="oldRoot"/> is a prefix of the one with <paramref name="newRoot"/>.</summary>
    public bool VerifiesConsistency(ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot) =>
        Kind == MerkleProofKind.Consistency && MerkleTree.VerifyConsistency(First, Second, oldRoot, newRoot, Path);

    /// <summary>Short summary.</summary>
    public override string ToString() => $"MerkleProof({Kind}, {First}/{Second}, {Path.Count} nodes)";
}
