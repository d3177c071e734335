using System.Text;

namespace EId.Postal.Ledger;

/// <summary>
/// The canonical bytes of the partitioned ledger's tree heads (big-endian; <c>str</c> = i32 length + UTF-8):
/// <list type="bullet">
/// <item>stream-head leaf: <c>i32 stream ‖ i64 length ‖ 32-byte head hash</c>;</item>
/// <item>tree-head log leaf: <c>i64 index ‖ i64 timestamp (ms) ‖ i32 stream count ‖ 32-byte streams root</c>;</item>
/// <item>signed payload: <c>"EId.Postal.TreeHead.v1" ‖ str ledger id ‖ i64 tree size ‖ i64 timestamp (ms) ‖ i32 stream count ‖
/// 32-byte streams root ‖ 32-byte log root</c>;</item>
/// <item>wire form (<see cref="Encode"/>): <c>u8 version (1) ‖ str ledger id ‖ i64 tree size ‖ i64 timestamp ‖ i32 stream count ‖
/// bytes streams root ‖ bytes log root ‖ bytes public key ‖ bytes signature</c> (<c>bytes</c> = i32 length + bytes).</item>
/// </list>
/// </summary>
public static class TreeHeadCodec
{
    private const byte Version = 1;
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("EId.Postal.TreeHead.v1");

    /// <summary>The leaf data of a stream head.</summary>
    public static byte[] StreamLeaf(StreamHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var w = new CanonicalWriter(4 + 8 + MerkleTree.HashSize);
        w.WriteInt32(head.StreamId);
        w.WriteInt64(head.Length);
        w.WriteRaw(head.HeadHash);
        return w.ToArray();
    }

    /// <summary>The leaf data of tree head number <paramref name="index"/> (0-based) in the tree-head log.</summary>
    public static byte[] LogLeaf(long index, DateTimeOffset timestamp, int streamCount, ReadOnlySpan<byte> streamsRoot)
    {
        var w = new CanonicalWriter(8 + 8 + 4 + MerkleTree.HashSize);
        w.WriteInt64(index);
        w.WriteInt64(timestamp.ToUnixTimeMilliseconds());
        w.WriteInt32(streamCount);
        w.WriteRaw(streamsRoot);
        return w.ToArray();
    }

    /// <summary>The bytes a tree head's signature covers.</summary>
    public static byte[] SignedPayload(string ledgerId, long treeSize, DateTimeOffset timestamp, int streamCount, ReadOnlySpan<byte> streamsRoot, ReadOnlySpan<byte> logRoot)
    {
        ArgumentNullException.ThrowIfNull(ledgerId);
        var w = new CanonicalWriter(Domain.Length + 128);
        w.WriteRaw(Domain);
        w.WriteString(ledgerId);
        w.WriteInt64(treeSize);
        w.WriteInt64(timestamp.ToUnixTimeMilliseconds());
        w.WriteInt32(streamCount);
        w.WriteRaw(streamsRoot);
        w.WriteRaw(logRoot);
        return w.ToArray();
    }

    /// <summary>Encodes a signed tree head for publication.</summary>
    public static byte[] Encode(SignedTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var w = new CanonicalWriter(256);
        w.WriteByte(Version);
        w.WriteString(head.LedgerId);
        w.WriteInt64(head.TreeSize);
        w.WriteInt64(head.Timestamp.ToUnixTimeMilliseconds());
        w.WriteInt32(head.StreamCount);
        w.WriteBytes(head.StreamsRoot);
        w.WriteBytes(head.LogRoot);
        w.WriteBytes(head.PublicKey);
        w.WriteBytes(head.Signature);
        return w.ToArray();
    }

    /// <summary>Decodes a signed tree head; never throws on bad bytes (the signature is not checked here).</summary>
    public static Result<SignedTreeHead, Failure<ProofDecodeError>> Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new CanonicalReader(bytes);
        if (!r.TryReadByte(out var version))
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadLength, "The tree head is empty.");
        }

        if (version != Version)
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.UnknownFormat, $"Unknown tree head version {version}.");
        }

        if (!(r.TryReadString(out var ledgerId)
              && r.TryReadInt64(out var treeSize)
              && r.TryReadInt64(out var timestamp)
              && r.TryReadInt32(out var streamCount)
              && r.TryReadBytes(out var streamsRoot)
              && r.TryReadBytes(out var logRoot)
              && r.TryReadBytes(out var publicKey)
              && r.TryReadBytes(out var signature))
            || !r.AtEnd)
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadLength, "The tree head bytes end early or run on.");
        }

        if (ledgerId is null || !SignedLedgerReceipt.IsLedgerId(ledgerId) || treeSize < 1 || streamCount < 1
            || timestamp is < -62_135_596_800_000 or > 253_402_300_799_999
            || streamsRoot.Length != MerkleTree.HashSize || logRoot.Length != MerkleTree.HashSize || publicKey.Length != 32 || signature.Length != 64)
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadValue, "The tree head holds an out-of-range value.");
        }

        return new SignedTreeHead(ledgerId, treeSize, DateTimeOffset.FromUnixTimeMilliseconds(timestamp), streamCount, streamsRoot, logRoot, publicKey, signature);
    }
}
