using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EId.Postal.Ledger;

/// <summary>
/// The auditor's side of the signed tree head: needs only the ledger's public key(s). Every check returns a bool or a typed
/// result and never throws on bad proofs, heads or signatures.
/// </summary>
public static class TreeHeadVerifier
{
    /// <summary>True when the tree head is signed by a key <paramref name="keys"/> trusts (any well-formed key when it trusts none).</summary>
    public static bool VerifySignature(SignedTreeHead head, LedgerKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (head is null || head.LedgerId is null || head.StreamsRoot is not { Length: MerkleTree.HashSize } || head.LogRoot is not { Length: MerkleTree.HashSize }
            || head.PublicKey is null || head.Signature is null || !keys.Accepts(head.PublicKey))
        {
            return false;
        }

        var payload = TreeHeadCodec.SignedPayload(head.LedgerId, head.TreeSize, head.Timestamp, head.StreamCount, head.StreamsRoot, head.LogRoot);
        return LedgerKeys.Verifies(head.PublicKey, payload, head.Signature);
    }

    /// <summary>True when <paramref name="proof"/> shows <paramref name="stream"/> is leaf <see cref="StreamHead.StreamId"/> of the tree head's streams root.</summary>
    public static bool VerifyStreamHead(SignedTreeHead head, StreamHead stream, MerkleProof proof)
    {
        if (head?.StreamsRoot is not { Length: MerkleTree.HashSize } || stream?.HeadHash is not { Length: MerkleTree.HashSize } || proof?.Path is null)
        {
            return false;
        }

        return proof.Kind == MerkleProofKind.Inclusion && proof.First == stream.StreamId && proof.Second == head.StreamCount
               && proof.VerifiesInclusion(stream.LeafHash(), head.StreamsRoot);
    }

    /// <summary>True when <paramref name="head"/> is the tree-head log's leaf <c>TreeSize − 1</c> under <paramref name="later"/>'s log root.</summary>
    public static bool VerifyTreeHeadInLog(SignedTreeHead head, SignedTreeHead later, MerkleProof proof)
    {
        if (head?.StreamsRoot is not { Length: MerkleTree.HashSize } || later?.LogRoot is not { Length: MerkleTree.HashSize } || proof?.Path is null)
        {
            return false;
        }

        return proof.Kind == MerkleProofKind.Inclusion && proof.First == head.TreeSize - 1 && proof.Second == later.TreeSize
               && proof.VerifiesInclusion(head.LogLeafHash(), later.LogRoot);
    }

    /// <summary>
    /// True when <paramref name="proof"/> shows its entry is in <paramref name="stream"/>: the entry's hash re-chained through every
    /// following body reaches the head's hash exactly at the head's length, and every body carries its own sequence.
    /// </summary>
    public static bool VerifyEntry(StreamHead stream, StreamChainProof proof)
    {
        if (stream?.HeadHash is not { Length: MerkleTree.HashSize } || proof?.FollowingBodies is null || proof.Body is null
            || proof.PreviousHash is not { Length: MerkleTree.HashSize } || proof.StreamId != stream.StreamId || proof.Sequence < 1
            || proof.Sequence + proof.FollowingBodies.Count != stream.Length)
        {
            return false;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!CarriesSequence(proof.Body, proof.Sequence))
        {
            return false;
        }

        var hash = LedgerCodec.EntryHash(sha, proof.PreviousHash, proof.Body);
        var sequence = proof.Sequence;
        foreach (var body in proof.FollowingBodies)
        {
            sequence++;
            if (body is null || !CarriesSequence(body, sequence))
            {
                return false;
            }

            hash = LedgerCodec.EntryHash(sha, hash, body);
        }

        return CryptographicOperations.FixedTimeEquals(hash, stream.HeadHash);
    }

    /// <summary>
    /// Checks that <paramref name="earlier"/> is a prefix-state of <paramref name="later"/>: both signed by trusted keys, same ledger
    /// and stream count, in order, and <paramref name="proof"/> connects their tree-head log roots (RFC 6962 consistency).
    /// </summary>
    public static TreeHeadConsistency VerifyConsistency(SignedTreeHead earlier, SignedTreeHead later, MerkleProof proof, LedgerKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!VerifySignature(earlier, keys) || !VerifySignature(later, keys))
        {
            return TreeHeadConsistency.BadSignature;
        }

        if (!string.Equals(earlier.LedgerId, later.LedgerId, StringComparison.Ordinal) || earlier.StreamCount != later.StreamCount)
        {
            return TreeHeadConsistency.DifferentLedger;
        }

        if (earlier.TreeSize > later.TreeSize || earlier.Timestamp > later.Timestamp)
        {
            return TreeHeadConsistency.OutOfOrder;
        }

        return proof is { Kind: MerkleProofKind.Consistency, Path: not null } && proof.First == earlier.TreeSize && proof.Second == later.TreeSize
               && proof.VerifiesConsistency(earlier.LogRoot, later.LogRoot)
            ? TreeHeadConsistency.Consistent
            : TreeHeadConsistency.ProofFails;
    }

    // The body's sequence is fixed-width at offset 1 (LedgerCodec): a proof cannot skip or repeat entries.
    private static bool CarriesSequence(byte[] body, long sequence) => body.Length >= 9 && BinaryPrimitives.ReadInt64BigEndian(body.AsSpan(1, 8)) == sequence;
}
