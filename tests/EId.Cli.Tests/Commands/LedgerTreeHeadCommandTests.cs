using EId.Postal.Ledger;
using NSec.Cryptography;

namespace EId.Cli.Tests.Commands;

/// <summary><c>eid ledger verify-tree-head</c> on real Ed25519 tree heads and RFC 6962 consistency proofs written to files.</summary>
public sealed class LedgerTreeHeadCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("eid-cli-tree-head-").FullName;
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly List<byte[]> _log = [];

    private string PublicKey => Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_signed_tree_head_and_its_consistency_with_an_earlier_one_verify()
    {
        var first = await WriteAsync("first.sth", Publish(3));
        Publish(3);
        var third = Publish(3);
        var thirdFile = await WriteAsync("third.sth", third);
        var proof = await WriteAsync("proof.bin", MerkleProofCodec.Encode(new MerkleProof(MerkleProofKind.Consistency, 1, 3, MerkleTree.ConsistencyPath(_log, 1))));

        var (alone, aloneOut, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", thirdFile, "--public-key", PublicKey);
        var (both, bothOut, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", thirdFile, "--public-key", PublicKey, "--previous-tree-head", first, "--consistency-proof", proof);
        var (reversed, reversedOut, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", first, "--public-key", PublicKey, "--previous-tree-head", thirdFile, "--consistency-proof", proof);

        Assert.Equal(0, alone);
        Assert.Contains("OK  tree head 3 of eid-national: 3 streams", aloneOut, StringComparison.Ordinal);
        Assert.Equal(0, both);
        Assert.Contains("consistent with the previous tree head", bothOut, StringComparison.Ordinal);
        Assert.Equal(1, reversed);
        Assert.Contains("BAD tree head 1: OutOfOrder", reversedOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_byte_an_untrusted_key_or_a_wrong_proof_exits_1()
    {
        var first = await WriteAsync("first.sth", Publish(2));
        var second = Publish(2);
        var secondBytes = TreeHeadCodec.Encode(second);
        var secondFile = await WriteAsync("second.sth", second);
        var tampered = secondBytes.ToArray();
        tampered[^120] ^= 1; // inside the log root (the last 104 bytes are the public key and signature)
        var tamperedFile = await WriteAsync("tampered.sth", tampered);
        var wrongProof = await WriteAsync("wrong.bin", MerkleProofCodec.Encode(new MerkleProof(MerkleProofKind.Consistency, 1, 2, [new byte[32]])));

        var (changed, changedOut, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", tamperedFile, "--public-key", PublicKey);
        var (untrusted, _, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", secondFile, "--public-key", new string('a', 64));
        var (wrong, wrongOut, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", secondFile, "--public-key", PublicKey, "--previous-tree-head", first, "--consistency-proof", wrongProof);
        var (missing, _, _) = await CliHarness.RunAsync("ledger", "verify-tree-head", "--tree-head", Path.Combine(_folder, "none.sth"), "--public-key", PublicKey);

        Assert.Equal(1, changed);
        Assert.Contains("BadSignature", changedOut, StringComparison.Ordinal);
        Assert.Equal(1, untrusted);
        Assert.Equal(1, wrong);
        Assert.Contains("ProofFails", wrongOut, StringComparison.Ordinal);
        Assert.Equal(3, missing); // ExitCodes.EnvironmentError
    }

    // What the ledger's publisher does: a streams root over random stream heads, one more leaf in the tree-head log, one signature.
    private SignedTreeHead Publish(int streams)
    {
        var heads = Enumerable.Range(0, streams).Select(s => new StreamHead(s, 10 + _log.Count, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).ToList();
        var streamsRoot = MerkleTree.Root([.. heads.Select(h => h.LeafHash())]);
        var time = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero).AddSeconds(_log.Count);
        _log.Add(MerkleTree.LeafHash(TreeHeadCodec.LogLeaf(_log.Count, time, streams, streamsRoot)));
        var logRoot = MerkleTree.Root(_log);
        var payload = TreeHeadCodec.SignedPayload("eid-national", _log.Count, time, streams, streamsRoot, logRoot);
        return new SignedTreeHead("eid-national", _log.Count, time, streams, streamsRoot, logRoot, _key.PublicKey.Export(KeyBlobFormat.RawPublicKey), SignatureAlgorithm.Ed25519.Sign(_key, payload));
    }

    private Task<string> WriteAsync(string name, SignedTreeHead head) => WriteAsync(name, TreeHeadCodec.Encode(head));

    private async Task<string> WriteAsync(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        return path;
    }
}
