using System.Numerics;
using System.Security.Cryptography;

namespace EId.Postal.Ledger;

/// <summary>
/// RFC 6962 / RFC 9162 Merkle tree hashing over SHA-256: leaf hash = H(0x00 ‖ data), node hash = H(0x01 ‖ left ‖ right),
/// the empty tree's root = H(""). Builds roots, inclusion (audit) paths and consistency proofs from leaf hashes, and
/// verifies them. Verification returns false for any bad or malformed proof; it never throws on proof content.
/// </summary>
public static class MerkleTree
{
    /// <summary>The size of every hash (SHA-256).</summary>
    public const int HashSize = 32;

    // Deeper than any tree of at most 2^63 leaves: a longer path is malformed.
    private const int MaxPathLength = 64;

    /// <summary>The root of the empty tree: SHA-256 of no bytes.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The leaf hash H(0x00 ‖ <paramref name="data"/>).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ReadOnlySpan<byte> prefix = [0x00];
        sha.AppendData(prefix);
        sha.AppendData(data);
        return sha.GetHashAndReset();
    }

    /// <summary>The interior node hash H(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Node children are 32-byte hashes.");
        }

        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The tree hash over <paramref name="leafHashes"/> (already leaf-hashed), in order.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return leafHashes.Count == 0 ? EmptyRoot() : Subtree(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree over <paramref name="leafHashes"/> (RFC 9162 §2.1.3.1), leaf side first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a leaf of the tree.</exception>
    public static byte[][] InclusionPath(IReadOnlyList<byte[]> leafHashes, int index)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leafHashes.Count);
        var path = new List<byte[]>();
        Path(leafHashes, index, 0, leafHashes.Count, path);
        return [.. path];
    }

    /// <summary>
    /// The consistency proof between the tree over the first <paramref name="oldSize"/> leaves and the tree over all
    /// <paramref name="leafHashes"/> (RFC 9162 §2.1.4.1). Empty when the sizes are equal or the old tree is empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="oldSize"/> is negative or larger than the tree.</exception>
    public static byte[][] ConsistencyPath(IReadOnlyList<byte[]> leafHashes, int oldSize)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, leafHashes.Count);
        var path = new List<byte[]>();
        if (oldSize > 0 && oldSize < leafHashes.Count)
        {
            SubProof(leafHashes, oldSize, 0, leafHashes.Count, true, path);
        }

        return [.. path];
    }

    /// <summary>
    /// True when <paramref name="path"/> proves that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of
    /// <paramref name="treeSize"/> leaves whose root is <paramref name="root"/> (RFC 9162 §2.1.3.2).
    /// </summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (path is null || index < 0 || index >= treeSize || leafHash.Length != HashSize || root.Length != HashSize || path.Count > MaxPathLength)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (p is not { Length: HashSize } || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    /// <summary>
    /// True when <paramref name="path"/> proves the tree of <paramref name="oldSize"/> leaves with root <paramref name="oldRoot"/>
    /// is a prefix of the tree of <paramref name="newSize"/> leaves with root <paramref name="newRoot"/> (RFC 9162 §2.1.4.2).
    /// An empty old tree is consistent with any tree when its root is <see cref="EmptyRoot"/> and the path is empty.
    /// </summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> path)
    {
        if (path is null || oldSize < 0 || oldSize > newSize || oldRoot.Length != HashSize || newRoot.Length != HashSize || path.Count > MaxPathLength)
        {
            return false;
        }

        if (oldSize == 0)
        {
            return path.Count == 0 && CryptographicOperations.FixedTimeEquals(oldRoot, EmptyRoot());
        }

        if (oldSize == newSize)
        {
            return path.Count == 0 && CryptographicOperations.FixedTimeEquals(oldRoot, newRoot);
        }

        if (path.Count == 0 || path.Any(p => p is not { Length: HashSize }))
        {
            return false;
        }

        // A power-of-two old tree is a complete subtree of the new one: its root starts the walk.
        var nodes = BitOperations.IsPow2(oldSize) ? [oldRoot.ToArray(), .. path] : path.ToList();
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = nodes[0];
        var sr = nodes[0];
        for (var i = 1; i < nodes.Count; i++)
        {
            var c = nodes[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, oldRoot) && CryptographicOperations.FixedTimeEquals(sr, newRoot);
    }

    // The largest power of two strictly below n (n ≥ 2): the size of the left subtree.
    private static int Split(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)n) >> 1;

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var k = Split(count);
        return NodeHash(Subtree(leaves, start, k), Subtree(leaves, start + k, count - k));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int index, int start, int count, List<byte[]> path)
    {
        if (count == 1)
        {
            return;
        }

        var k = Split(count);
        if (index < k)
        {
            Path(leaves, index, start, k, path);
            path.Add(Subtree(leaves, start + k, count - k));
        }
        else
        {
            Path(leaves, index - k, start + k, count - k, path);
            path.Add(Subtree(leaves, start, k));
        }
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int count, bool complete, List<byte[]> path)
    {
        if (m == count)
        {
            if (!complete)
            {
                path.Add(Subtree(leaves, start, count));
            }

            return;
        }

        var k = Split(count);
        if (m <= k)
        {
            SubProof(leaves, m, start, k, complete, path);
            path.Add(Subtree(leaves, start + k, count - k));
        }
        else
        {
            SubProof(leaves, m - k, start + k, count - k, false, path);
            path.Add(Subtree(leaves, start, k));
        }
    }
}
