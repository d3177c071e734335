using EId.Credentials.Transport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Credentials.Tests.Transport;

public sealed class ZlibTests
{
    [Property]
    public Property Round_trip(byte[] data) =>
        (Zlib.TryDecompress(Zlib.Compress(data), 1 << 20, out var back) && back.AsSpan().SequenceEqual(data)).ToProperty();

    [Fact]
    public void Decompression_past_the_cap_fails()
    {
        var bomb = Zlib.Compress(new byte[1 << 20]);
        Assert.True(bomb.Length < 2048);
        Assert.False(Zlib.TryDecompress(bomb, 64 * 1024, out _));
        Assert.True(Zlib.TryDecompress(bomb, 1 << 20, out var all));
        Assert.Equal(1 << 20, all.Length);
    }

    [Property]
    public Property Random_bytes_never_throw(byte[] data)
    {
        var ok = Zlib.TryDecompress(data, 4096, out var output);
        return (ok ? output.Length <= 4096 : output.Length == 0).ToProperty();
    }

    [Fact]
    public void Truncated_stream_fails()
    {
        var good = Zlib.Compress("hello hello hello hello"u8);
        Assert.False(Zlib.TryDecompress(good.AsSpan(0, good.Length - 3), 4096, out _));
    }

    [Fact]
    public void Trailing_bytes_after_the_stream_fail()
    {
        var good = Zlib.Compress("hello hello hello hello"u8);
        Assert.True(Zlib.TryDecompress(good, 4096, out _));

        // Repeating the Adler-32 trailer keeps the last four bytes right, which a trailer-only check would accept.
        Assert.False(Zlib.TryDecompress([.. good, .. good[^4..]], 4096, out _));
        Assert.False(Zlib.TryDecompress([.. good, 0x00], 4096, out _));
        Assert.False(Zlib.TryDecompress([.. good, .. good], 4096, out _));
    }

    [Property]
    public Property Any_trailing_bytes_fail(NonEmptyArray<byte> data, NonEmptyArray<byte> tail)
    {
        var stream = Zlib.Compress(data.Get);
        return (!Zlib.TryDecompress([.. stream, .. tail.Get], 1 << 20, out _)).ToProperty();
    }
}
