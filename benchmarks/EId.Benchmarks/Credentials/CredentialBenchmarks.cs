using BenchmarkDotNet.Attributes;
using EId.Credentials.Claims;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Rendering;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;

namespace EId.Benchmarks.Credentials;

/// <summary>
/// Claim 169 credential hot paths for a ~1 KB claims set without a photo.
/// Targets (one core): sign+encode ≤ 60 µs, decode+verify ≤ 100 µs, QR PNG render ≤ 2 ms.
/// </summary>
[MemoryDiagnoser]
public class CredentialBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private IssuerSigningKey _key = null!;
    private CwtClaims _claims = null!;
    private byte[] _cose = [];
    private string _qr = string.Empty;
    private Claim169Verifier _verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = IssuerSigningKey.Generate();
        _claims = new CwtClaims
        {
            Issuer = "https://kiosk.example.test/eid",
            IssuedAt = Now.ToUnixTimeSeconds(),
            NotBefore = Now.ToUnixTimeSeconds(),
            ExpiresAt = Now.AddDays(1).ToUnixTimeSeconds(),
            Cti = new byte[16],
            DeviceId = "KIOSK-0042",
            StatusIndex = 1234,
            StatusListUri = "https://kiosk.example.test/status/1",
            Identity = new IdentityClaims
            {
                Id = "110101199003074518",
                FullName = "Janardhan Bangalore Srinivas",
                SecondaryFullName = "张三丰",
                DateOfBirth = "19900307",
                Gender = 1,
                Address = string.Concat(Enumerable.Repeat("Flat 12, New House, Near Metro Line, Bengaluru, KA 560001\n", 12)),
                Email = "janardhan@example.com",
                Phone = "+919876543210",
                Nationality = "IN",
                CountryOfIssuance = "IN",
            },
        };
        _cose = Claim169Encoder.Sign(_claims, _key);
        _qr = Claim169Encoder.ToQrText(_cose);
        _verifier = new Claim169Verifier(new TrustList([_key.ToTrustedKey()]), Options.Create(new CredentialVerifierOptions { StatusCheck = StatusCheck.Skip }), new FixedClock(Now));
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    /// <summary>CBOR-encode, Ed25519-sign (COSE_Sign1), zlib, Base45.</summary>
    [Benchmark]
    public string SignAndEncode() => Claim169Encoder.Encode(_claims, _key);

    /// <summary>Ed25519 signing of the COSE_Sign1 only.</summary>
    [Benchmark]
    public byte[] Sign() => Claim169Encoder.Sign(_claims, _key);

    /// <summary>zlib + Base45 of already-signed bytes.</summary>
    [Benchmark]
    public string Encode() => Claim169Encoder.ToQrText(_cose);

    /// <summary>Base45, zlib, CBOR, COSE, Ed25519 verify, claims and time checks.</summary>
    [Benchmark]
    public bool DecodeAndVerify() => Claim169Decoder.Decode(_qr).TryGetValue(out var credential, out _) && _verifier.VerifyOffline(credential).IsValid;

    /// <summary>QR PNG at ECC M, 4 px per module.</summary>
    [Benchmark]
    public byte[] RenderPng() => QrCodeRenderer.RenderPng(_qr);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
