using System.Security.Cryptography;
using EId.Postal.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Tests.Partitioning;

/// <summary>
/// Properties of the RFC 6962 Merkle tree behind the signed tree head: every leaf's audit path verifies and a wrong leaf,
/// index, size or root does not; consistency proofs verify for every m ≤ n and fail for an altered old or new root; the proof
/// parser answers random and truncated bytes with a typed error.
/// </summary>
public sealed class MerkleTreeProperties
{
    // Random trees: 1 to 70 leaves of random data (sizes across several powers of two), plus a seed for picking indices.
    private static readonly Arbitrary<(byte[][] Leaves, int Seed)> Trees = Arb.From(
        Gen.Choose(1, 70).SelectMany(n => Gen.ArrayOf(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 8), n)
            .SelectMany(data => Gen.Choose(0, int.MaxValue).Select(seed => (data.Select(d => MerkleTree.LeafHash(d)).ToArray(), seed)))));

    [Fact]
    public void Roots_follow_rfc_6962_for_small_trees()
    {
        byte[][] leaves = [MerkleTree.LeafHash([1]), MerkleTree.LeafHash([2]), MerkleTree.LeafHash([3])];

        // RFC 6962: the left subtree holds the largest power of two below n.
        var expected = SHA256.HashData([0x01, .. SHA256.HashData([0x01, .. leaves[0], .. leaves[1]]), .. leaves[2]]);
        Assert.Equal(expected, MerkleTree.Root(leaves));
        Assert.Equal(SHA256.HashData([0x00, 1]), leaves[0]);
        Assert.Equal(SHA256.HashData([]), MerkleTree.Root([]));
        Assert.Equal(leaves[0], MerkleTree.Root([leaves[0]]));
    }

    [Property(MaxTest = 150)]
    public Property Every_leaf_has_an_inclusion_proof_that_verifies() =>
        Prop.ForAll(Trees, t =>
        {
            var root = MerkleTree.Root(t.Leaves);
            return Enumerable.Range(0, t.Leaves.Length).All(i => MerkleTree.VerifyInclusion(t.Leaves[i], i, t.Leaves.Length, MerkleTree.InclusionPath(t.Leaves, i), root));
        });

    // A path binds the tree's shape along the leaf's route, not its exact size (the signed tree head binds the size to the
    // root): a size whose tree routes the leaf through a different number of levels must fail.
    [Property(MaxTest = 150)]
    public Property Inclusion_fails_for_a_wrong_leaf_index_size_or_root() =>
        Prop.ForAll(Trees, t =>
        {
            var n = t.Leaves.Length;
            var i = t.Seed % n;
            var root = MerkleTree.Root(t.Leaves);
            var path = MerkleTree.InclusionPath(t.Leaves, i);
            var otherLeaf = MerkleTree.LeafHash(BitConverter.GetBytes(t.Seed ^ 0x5a5a));
            var flippedRoot = root.ToArray();
            flippedRoot[t.Seed % 32] ^= 1;
            var wrongIndexFails = n == 1 || !MerkleTree.VerifyInclusion(t.Leaves[i], (i + 1 + (t.Seed % (n - 1))) % n, n, path, root);
            return !MerkleTree.VerifyInclusion(otherLeaf, i, n, path, root)
                   && wrongIndexFails
                   && !MerkleTree.VerifyInclusion(t.Leaves[i], i, (2 * n) + 1, path, root)
                   && !MerkleTree.VerifyInclusion(t.Leaves[i], i, n, path, flippedRoot)
                   && !MerkleTree.VerifyInclusion(t.Leaves[i], n, n, path, root);
        });

    [Property(MaxTest = 150)]
    public Property Consistency_verifies_for_every_old_size_up_to_the_new_one() =>
        Prop.ForAll(Trees, t =>
        {
            var n = t.Leaves.Length;
            var newRoot = MerkleTree.Root(t.Leaves);
            return Enumerable.Range(1, n).All(m =>
                MerkleTree.VerifyConsistency(m, n, MerkleTree.Root(t.Leaves[..m]), newRoot, MerkleTree.ConsistencyPath(t.Leaves, m)));
        });

    [Property(MaxTest = 150)]
    public Property Consistency_fails_when_the_old_or_new_root_is_altered() =>
        Prop.ForAll(Trees, t =>
        {
            var n = t.Leaves.Length;
            var m = 1 + (t.Seed % n);
            var oldRoot = MerkleTree.Root(t.Leaves[..m]);
            var newRoot = MerkleTree.Root(t.Leaves);
            var path = MerkleTree.ConsistencyPath(t.Leaves, m);
            var badOld = oldRoot.ToArray();
            badOld[t.Seed % 32] ^= (byte)(1 << (t.Seed % 8));
            var badNew = newRoot.ToArray();
            badNew[(t.Seed / 7) % 32] ^= 0x80;
            var wrongSizeFails = m == n || !MerkleTree.VerifyConsistency(m + 1, n, oldRoot, newRoot, path);
            return !MerkleTree.VerifyConsistency(m, n, badOld, newRoot, path)
                   && !MerkleTree.VerifyConsistency(m, n, oldRoot, badNew, path)
                   && wrongSizeFails;
        });

    [Property(MaxTest = 100)]
    public Property A_rewritten_leaf_breaks_consistency_with_the_old_tree() =>
        Prop.ForAll(Trees, t =>
        {
            var n = t.Leaves.Length;
            var m = 1 + (t.Seed % n);
            var oldRoot = MerkleTree.Root(t.Leaves[..m]);

            // The server rewrites one of the first m leaves (history) and proves consistency of the new tree.
            var forged = t.Leaves.ToArray();
            forged[t.Seed % m] = MerkleTree.LeafHash([.. forged[t.Seed % m], 0xff]);
            return !MerkleTree.VerifyConsistency(m, n, oldRoot, MerkleTree.Root(forged), MerkleTree.ConsistencyPath(forged, m));
        });

    [Property(MaxTest = 100)]
    public Property Proofs_round_trip_through_the_codec() =>
        Prop.ForAll(Trees, t =>
        {
            var n = t.Leaves.Length;
            var i = t.Seed % n;
            var proof = new MerkleProof(MerkleProofKind.Inclusion, i, n, MerkleTree.InclusionPath(t.Leaves, i));
            var decoded = MerkleProofCodec.Decode(MerkleProofCodec.Encode(proof));
            return decoded.IsSuccess && decoded.Value.VerifiesInclusion(t.Leaves[i], MerkleTree.Root(t.Leaves))
                   && decoded.Value.First == i && decoded.Value.Second == n && decoded.Value.Kind == MerkleProofKind.Inclusion;
        });

    [Property]
    public Property Random_proof_bytes_give_a_typed_error_or_a_proof_never_an_exception(byte[] bytes) =>
        (MerkleProofCodec.Decode(bytes) is var r && (r.IsSuccess || Enum.IsDefined(r.Error!.Reason))).ToProperty();

    [Property(MaxTest = 100)]
    public Property Every_truncation_of_an_encoded_proof_is_rejected() =>
        Prop.ForAll(Trees, t =>
        {
            var n = t.Leaves.Length;
            var bytes = MerkleProofCodec.Encode(new MerkleProof(MerkleProofKind.Consistency, 1 + (t.Seed % n), n, MerkleTree.ConsistencyPath(t.Leaves, 1 + (t.Seed % n))));
            return Enumerable.Range(0, bytes.Length).All(cut => MerkleProofCodec.Decode(bytes.AsSpan(0, cut)) is { IsSuccess: false, Error.Reason: ProofDecodeError.BadLength });
        });

    [Property]
    public Property Random_tree_head_bytes_give_a_typed_error_never_an_exception(byte[] bytes) =>
        (TreeHeadCodec.Decode(bytes) is var r && (r.IsSuccess || Enum.IsDefined(r.Error!.Reason))).ToProperty();

    [Fact]
    public void Random_paths_never_throw_in_the_verifiers()
    {
        var random = new Random(42);
        for (var k = 0; k < 2000; k++)
        {
            var path = Enumerable.Range(0, random.Next(0, 9)).Select(_ => RandomNumberGenerator.GetBytes(random.Next(0, 3) == 0 ? random.Next(0, 40) : 32)).ToArray();
            var a = random.NextInt64(-3, 40);
            var b = random.NextInt64(-3, 40);
            Assert.False(MerkleTree.VerifyInclusion(RandomNumberGenerator.GetBytes(32), a, b, path, RandomNumberGenerator.GetBytes(32)));
            Assert.False(MerkleTree.VerifyConsistency(a, b, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), path));
        }
    }
}
