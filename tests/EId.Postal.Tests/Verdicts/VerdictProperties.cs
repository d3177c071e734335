using EId.Postal.Courier;
using EId.Postal.Parcels;
using EId.Postal.Verdicts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Tests.Verdicts;

/// <summary>The signed verdict's encoding and signature with real Ed25519 keys: round trip, trust, and any bad input refused with a typed error.</summary>
public sealed class VerdictProperties
{
    private static readonly VerdictSigner Signer = new("ids-test-1", VerdictSigner.GeneratePrivateKey());
    private static readonly VerdictSigner Stranger = new("ids-test-1", VerdictSigner.GeneratePrivateKey());
    private static readonly VerdictVerifier Verifier = new([new("ids-test-1", Signer.PublicKey)]);
    private static readonly byte[] Sample = Signer.Sign(Verdict());

    internal static ParcelDetails Parcel(string waybill = "EI0000000018") => new()
    {
        WaybillNumber = waybill,
        ItemCategory = "DOC",
        ItemDescription = "contracts",
        WeightGrams = 350,
        OriginRegion = "110105",
        DestinationRegion = "310104",
    };

    internal static IdentityVerdict Verdict(ParcelDetails? parcel = null, DateTimeOffset? issuedAt = null, SenderVerdict outcome = SenderVerdict.Verified) => new()
    {
        VerdictId = Guid.NewGuid().ToString("N"),
        KeyId = "ignored: the signer sets its own",
        Outcome = outcome,
        Reasons = outcome == SenderVerdict.Verified ? [SenderCheckReason.AllChecksPassed] : [SenderCheckReason.FaceNotMatched],
        SenderToken = outcome == SenderVerdict.Verified ? "tok-3f9a" : null,
        SenderNameMasked = outcome == SenderVerdict.Verified ? "张*" : null,
        SenderPhoneMasked = "138****5678",
        Method = "id-card",
        FaceScore = 0.71f,
        LivenessScore = float.NaN,
        WaybillNumber = (parcel ?? Parcel()).WaybillNumber,
        ParcelHash = ParcelBinding.Hash(parcel ?? Parcel()),
        DeviceId = "handheld-42",
        CourierId = "courier-7",
        IssuedAt = issuedAt ?? new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero),
        ExpiresAt = (issuedAt ?? new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)).AddMinutes(2),
    };

    [Fact]
    public void A_signed_verdict_verifies_and_round_trips_every_field()
    {
        var original = Verdict();

        var read = Verifier.Verify(Signer.Sign(original));

        Assert.True(read.IsSuccess, read.ToString());
        var v = read.Value!;
        Assert.Equal("ids-test-1", v.KeyId);
        Assert.Equal(original.VerdictId, v.VerdictId);
        Assert.Equal(original.Reasons, v.Reasons);
        Assert.Equal(original.ParcelHash.ToArray(), v.ParcelHash.ToArray());
        Assert.Equal(original.IssuedAt, v.IssuedAt);
        Assert.Equal(original.ExpiresAt, v.ExpiresAt);
        Assert.Equal((original.SenderToken, original.SenderNameMasked, original.SenderPhoneMasked, original.Method, original.DeviceId, original.CourierId, original.WaybillNumber, original.FaceScore),
            (v.SenderToken, v.SenderNameMasked, v.SenderPhoneMasked, v.Method, v.DeviceId, v.CourierId, v.WaybillNumber, v.FaceScore));
        Assert.True(float.IsNaN(v.LivenessScore));
        Assert.True(v.IsVerified);
    }

    [Fact]
    public void A_verdict_signed_by_an_untrusted_key_is_refused_whatever_key_id_it_claims()
    {
        var read = Verifier.Verify(Stranger.Sign(Verdict()));
        Assert.Equal(VerdictError.BadSignature, read.Error?.Reason);

        using var other = new VerdictSigner("ids-elsewhere", VerdictSigner.GeneratePrivateKey());
        Assert.Equal(VerdictError.UntrustedKey, Verifier.Verify(other.Sign(Verdict())).Error?.Reason);
    }

    [Fact]
    public void The_parcel_hash_changes_with_every_field()
    {
        var hash = ParcelBinding.Hash(Parcel());
        ParcelDetails[] changed =
        [
            Parcel() with { WaybillNumber = "EI0000000026" }, Parcel() with { ItemCategory = "BOOK" }, Parcel() with { ItemDescription = null },
            Parcel() with { ItemDescription = "contract" }, Parcel() with { WeightGrams = 351 }, Parcel() with { OriginRegion = "110106" },
            Parcel() with { DestinationRegion = "310105" },
        ];
        Assert.All(changed, p => Assert.NotEqual(hash, ParcelBinding.Hash(p)));
        Assert.Equal(hash, ParcelBinding.Hash(Parcel()));
    }

    [Property]
    public Property Random_bytes_give_a_typed_error_never_an_exception(byte[] bytes) =>
        (Verifier.Verify(bytes) is var r && !r.IsSuccess && Enum.IsDefined(r.Error!.Reason)).ToProperty();

    [Property]
    public Property Random_bytes_after_the_magic_and_version_give_a_typed_error(byte[] tail) =>
        (Verifier.Verify([.. "EIDV"u8, IdentityVerdict.CurrentVersion, .. tail]) is var r && !r.IsSuccess && Enum.IsDefined(r.Error!.Reason)).ToProperty();

    [Property]
    public Property Every_truncation_of_a_signed_verdict_is_malformed(PositiveInt cut) =>
        (Verifier.Verify(Sample.AsSpan(0, Sample.Length - 1 - ((cut.Get - 1) % Sample.Length))).Error?.Reason is VerdictError.Malformed or VerdictError.UnsupportedVersion).ToProperty();

    [Property]
    public Property Any_single_byte_change_is_refused(NonNegativeInt position, byte value)
    {
        var tampered = Sample.ToArray();
        var at = position.Get % tampered.Length;
        var replacement = value == tampered[at] ? (byte)(value ^ 0x01) : value;
        tampered[at] = replacement;
        return (Verifier.Verify(tampered) is var r && !r.IsSuccess && Enum.IsDefined(r.Error!.Reason)).ToProperty();
    }

    [Property]
    public Property Appended_bytes_are_refused(NonEmptyArray<byte> extra) =>
        (Verifier.Verify([.. Sample, .. extra.Get]).Error?.Reason == VerdictError.Malformed).ToProperty();
}
