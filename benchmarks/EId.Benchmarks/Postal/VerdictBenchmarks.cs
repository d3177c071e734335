using BenchmarkDotNet.Attributes;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Parcels;
using EId.Postal.Verdicts;

namespace EId.Benchmarks.Postal;

/// <summary>
/// The signed verdict of the three-host courier flow: the identity server signs one per parcel, the postal server verifies
/// one per parcel. Target: sign and verify each ≤ 100 µs, so the verdict adds nothing noticeable to a multi-second check.
/// </summary>
[MemoryDiagnoser]
public class VerdictBenchmarks
{
    private VerdictSigner _signer = null!;
    private VerdictVerifier _verifier = null!;
    private IdentityVerdict _verdict = null!;
    private ParcelDetails _parcel = null!;
    private byte[] _signed = [];

    [GlobalSetup]
    public void Setup()
    {
        _signer = new VerdictSigner("ids-bench-1", VerdictSigner.GeneratePrivateKey());
        _verifier = new VerdictVerifier([new("ids-bench-1", _signer.PublicKey)]);
        _parcel = new ParcelDetails { WaybillNumber = "EI0000000018", ItemCategory = "DOC", ItemDescription = "contracts", WeightGrams = 350, OriginRegion = "110105", DestinationRegion = "310104" };
        var now = DateTimeOffset.UtcNow;
        _verdict = new IdentityVerdict
        {
            VerdictId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            KeyId = "ids-bench-1",
            Outcome = SenderVerdict.Verified,
            Reasons = [SenderCheckReason.AllChecksPassed],
            SenderToken = new string('a', 43),
            SenderNameMasked = "王**",
            SenderPhoneMasked = "138****5678",
            Method = "id-card",
            FaceScore = 0.71f,
            LivenessScore = 0.58f,
            WaybillNumber = _parcel.WaybillNumber,
            ParcelHash = ParcelBinding.Hash(_parcel),
            DeviceId = "handheld-demo-01",
            CourierId = "courier-demo-7",
            IssuedAt = now,
            ExpiresAt = now.AddMinutes(2),
        };
        _signed = _signer.Sign(_verdict);
    }

    [GlobalCleanup]
    public void Cleanup() => _signer.Dispose();

    /// <summary>Encode + Ed25519 sign (identity server, per parcel).</summary>
    [Benchmark]
    public byte[] Sign() => _signer.Sign(_verdict);

    /// <summary>Parse + trust list + Ed25519 verify (postal server, per parcel).</summary>
    [Benchmark]
    public bool Verify() => _verifier.Verify(_signed).IsSuccess;

    /// <summary>The parcel binding hash (both sides).</summary>
    [Benchmark]
    public byte[] BindingHash() => ParcelBinding.Hash(_parcel);
}
