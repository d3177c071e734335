using EId.Postal;
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

    [Property(MaxTest = 60)]
    public Property Pii_sealed_with_batch_randomness_round_trips(NonEmptyString id, NonEmptyString name, string? phone, byte seed)
    {
        using var keys = TestLedger.Keys();
        var pii = new SenderPii(id.Get, name.Get, phone);
        var random = new byte[2 * PiiSeal.RandomBytesPerRecord];
        new Random(seed).NextBytes(random);

        var first = PiiSeal.Seal(pii, "EI00000000018", keys, random.AsSpan(0, PiiSeal.RandomBytesPerRecord));
        var second = PiiSeal.Seal(pii, "EI00000000018", keys, random.AsSpan(PiiSeal.RandomBytesPerRecord));

        // Valid UTF-16 survives exactly; lone surrogates are replaced by UTF-8 encoding (and refused by ParcelRules anyway).
        var opened = PiiSeal.Unseal(first.Sealed, first.WrappedKey, "EI00000000018", keys);
        var expected = new SenderPii(Utf8RoundTrip(id.Get), Utf8RoundTrip(name.Get), phone is null ? null : Utf8RoundTrip(phone));
        return (opened == expected
                && !first.Sealed.AsSpan().SequenceEqual(second.Sealed)
                && !first.WrappedKey.AsSpan().SequenceEqual(second.WrappedKey)
                && PiiSeal.Unseal(first.Sealed, second.WrappedKey, "EI00000000018", keys) is null)
            .ToProperty();
    }

    [Property(MaxTest = 60)]
    public bool Unsealing_random_or_cut_bytes_gives_null_never_an_exception(byte[] sealedPii, byte[] wrapped)
    {
        using var keys = TestLedger.Keys();
        var (real, realKey) = PiiSeal.Seal(TestLedger.Pii(1), "EI00000000018", keys);
        return PiiSeal.Unseal(sealedPii, wrapped, "EI00000000018", keys) is null
            && PiiSeal.Unseal(real.AsSpan(0, Math.Min(real.Length - 1, sealedPii.Length)), realKey, "EI00000000018", keys) is null
            && PiiSeal.Unseal(real, realKey.AsSpan(0, Math.Min(realKey.Length - 1, wrapped.Length)), "EI00000000018", keys) is null;
    }

    private static string Utf8RoundTrip(string value) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(value));
}
