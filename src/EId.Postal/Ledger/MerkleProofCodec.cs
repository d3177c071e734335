using System.Buffers.Binary;

namespace EId.Postal.Ledger;

/// <summary>
/// The wire form of a <see cref="MerkleProof"/>, big-endian: <c>u8 version (1), u8 kind, i64 first, i64 second, u8 count,
/// count × 32-byte hashes</c>. Decoding never throws: bad bytes give a typed <see cref="ProofDecodeError"/>.
/// </summary>
public static class MerkleProofCodec
{
    private const byte Version = 1;
    private const int HeaderSize = 1 + 1 + 8 + 8 + 1;
    private const int MaxPath = 64;

    /// <summary>Encodes a proof.</summary>
    /// <exception cref="ArgumentException">The path is longer than 64 nodes or holds a hash that is not 32 bytes.</exception>
    public static byte[] Encode(MerkleProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.Path.Count > MaxPath || proof.Path.Any(p => p is not { Length: MerkleTree.HashSize }))
        {
            throw new ArgumentException("A proof path is at most 64 hashes of 32 bytes.", nameof(proof));
        }

        var bytes = new byte[HeaderSize + (proof.Path.Count * MerkleTree.HashSize)];
        bytes[0] = Version;
        bytes[1] = (byte)proof.Kind;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), proof.First);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(10), proof.Second);
        bytes[18] = (byte)proof.Path.Count;
        for (var i = 0; i < proof.Path.Count; i++)
        {
            proof.Path[i].CopyTo(bytes.AsSpan(HeaderSize + (i * MerkleTree.HashSize)));
        }

        return bytes;
    }

    /// <summary>Decodes a proof; never throws on bad bytes.</summary>
    public static Result<MerkleProof, Failure<ProofDecodeError>> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize)
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadLength, "The proof is shorter than its header.");
        }

        if (bytes[0] != Version || bytes[1] is not ((byte)MerkleProofKind.Inclusion or (byte)MerkleProofKind.Consistency))
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.UnknownFormat, "Unknown proof version or kind.");
        }

        var kind = (MerkleProofKind)bytes[1];
        var first = BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
        var second = BinaryPrimitives.ReadInt64BigEndian(bytes[10..]);
        int count = bytes[18];
        if (count > MaxPath)
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadValue, "The proof path is longer than 64 nodes.");
        }

        if (bytes.Length != HeaderSize + (count * MerkleTree.HashSize))
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadLength, "The proof length does not match its node count.");
        }

        var valid = kind == MerkleProofKind.Inclusion ? first >= 0 && first < second : first >= 0 && first <= second;
        if (!valid)
        {
            return new Failure<ProofDecodeError>(ProofDecodeError.BadValue, "The proof's index or sizes are out of range.");
        }

        var path = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            path[i] = bytes.Slice(HeaderSize + (i * MerkleTree.HashSize), MerkleTree.HashSize).ToArray();
        }

        return new MerkleProof(kind, first, second, path);
    }
}
