namespace EId.Credentials.Status;

/// <summary>
/// A revocation bit array (IETF Token Status List, 1 bit per credential): bit <c>i</c> is bit
/// <c>i % 8</c> (least significant first) of byte <c>i / 8</c>; 1 means revoked.
/// </summary>
public sealed class StatusList
{
    private readonly byte[] _bits;

    /// <summary>Creates an all-valid list for <paramref name="capacity"/> credentials.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Capacity not positive.</exception>
    public StatusList(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _bits = new byte[(capacity + 7) / 8];
    }

    private StatusList(byte[] bits) => _bits = bits;

    /// <summary>How many credentials the list covers.</summary>
    public long Capacity => _bits.LongLength * 8;

    /// <summary>The raw (uncompressed) bit array.</summary>
    public ReadOnlySpan<byte> Bits => _bits;

    /// <summary>Wraps a raw bit array (copied).</summary>
    public static StatusList FromBits(ReadOnlySpan<byte> bits) => new(bits.ToArray());

    /// <summary>True when index <paramref name="index"/> is revoked; indices past the end count as not covered (false).</summary>
    public bool IsRevoked(long index) => index >= 0 && index < Capacity && (_bits[index >> 3] & (1 << (int)(index & 7))) != 0;

    /// <summary>True when <paramref name="index"/> is covered by this list.</summary>
    public bool Covers(long index) => index >= 0 && index < Capacity;

    /// <summary>Marks <paramref name="index"/> revoked (or valid again).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Index outside the list.</exception>
    public void Set(long index, bool revoked = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        ref var b = ref _bits[index >> 3];
        var mask = (byte)(1 << (int)(index & 7));
        b = revoked ? (byte)(b | mask) : (byte)(b & ~mask);
    }
}
