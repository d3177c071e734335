using EId.Postal.Ledger;
using EId.Postal.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Tests.Ledger;

public sealed class LedgerCodecProperties
{
    private static readonly byte[] Sample = LedgerCodec.EncodeBody(7, TestLedger.Parcel(7), new byte[40]);

    [Fact]
    public void Encoding_round_trips_and_is_deterministic()
    {
        var parcel = TestLedger.Parcel(7) with { SenderPhoneMasked = null, ItemDescription = null };
        var body = LedgerCodec.EncodeBody(7, parcel, [1, 2, 3]);

        var decoded = LedgerCodec.DecodeBody(body);

        Assert.True(decoded.IsSuccess);
        Assert.Equal(7, decoded.Value.Sequence);
        Assert.Equal(parcel with { SenderPii = null }, decoded.Value.Parcel);
        Assert.Equal([1, 2, 3], decoded.Value.SealedPii);
        Assert.Equal(body, LedgerCodec.EncodeBody(7, parcel, [1, 2, 3]));
        Assert.NotEqual(body, LedgerCodec.EncodeBody(8, parcel, [1, 2, 3]));
    }

    [Property]
    public Property Random_bytes_give_a_typed_error_never_an_exception(byte[] bytes) =>
        (LedgerCodec.DecodeBody(bytes) is var r && (r.IsSuccess || Enum.IsDefined(r.Error!.Reason))).ToProperty();

    [Property]
    public Property Every_truncation_of_a_valid_body_is_rejected(PositiveInt cut) =>
        LedgerCodec.DecodeBody(Sample.AsSpan(0, Sample.Length - 1 - ((cut.Get - 1) % Sample.Length))).IsSuccess.Equals(false).ToProperty();

    [Property]
    public bool Bit_flips_never_throw_and_a_decoded_flip_differs_from_the_original(PositiveInt position, byte mask)
    {
        var copy = Sample.ToArray();
        copy[position.Get % copy.Length] ^= mask == 0 ? (byte)1 : mask;
        var decoded = LedgerCodec.DecodeBody(copy);
        return !decoded.IsSuccess || !LedgerCodec.EncodeBody(decoded.Value.Sequence, decoded.Value.Parcel, decoded.Value.SealedPii).AsSpan().SequenceEqual(Sample);
    }

    [Fact]
    public void Unknown_version_is_reported()
    {
        var copy = Sample.ToArray();
        copy[0] = 9;
        Assert.Equal(EntryDecodeError.UnknownVersion, LedgerCodec.DecodeBody(copy).Error?.Reason);
    }

    [Fact]
    public void Sealed_pii_opens_only_with_its_own_waybill_and_key()
    {
        using var keys = TestLedger.Keys();
        using var otherKeys = LedgerKeys.Create(LedgerKeys.GenerateRaw().SigningKey, LedgerKeys.GenerateRaw().KeyEncryptionKey);
        var pii = TestLedger.Pii(1);
        var (sealedPii, wrapped) = PiiSeal.Seal(pii, "EI00000000018", keys);

        Assert.Equal(pii, PiiSeal.Unseal(sealedPii, wrapped, "EI00000000018", keys));
        Assert.Null(PiiSeal.Unseal(sealedPii, wrapped, "EI00000000026", keys));
        Assert.Null(PiiSeal.Unseal(sealedPii, wrapped, "EI00000000018", otherKeys));
        var tampered = sealedPii.ToArray();
        tampered[^1] ^= 1;
        Assert.Null(PiiSeal.Unseal(tampered, wrapped, "EI00000000018", keys));
        Assert.NotEqual(sealedPii, PiiSeal.Seal(pii, "EI00000000018", keys).Sealed);
    }
}
