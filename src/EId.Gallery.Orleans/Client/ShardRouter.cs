using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EId.Gallery.Orleans.Client;

/// <summary>
/// Maps a subject id to its shard with a hash that is the same on every machine, process and .NET version
/// (SHA-256 of the UTF-8 id; <see cref="string.GetHashCode()"/> is randomised per process and would scatter a subject).
/// </summary>
public static class ShardRouter
{
    /// <summary>The shard of <paramref name="subjectId"/> among <paramref name="shardCount"/>.</summary>
    /// <param name="subjectId">The pseudonym.</param>
    /// <param name="shardCount">Shards in the gallery (at least 1).</param>
    /// <returns>0 to <paramref name="shardCount"/> − 1.</returns>
    public static int ShardOf(string subjectId, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(subjectId.Length);
        var buffer = maxBytes <= 1024 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(subjectId, buffer);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..length], digest);
        return (int)(BinaryPrimitives.ReadUInt64LittleEndian(digest) % (ulong)shardCount);
    }
}
