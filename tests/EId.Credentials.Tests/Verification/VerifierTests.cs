using System.Formats.Cbor;
using EId.Credentials.Claims;
using EId.Credentials.Cose;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Status;
using EId.Credentials.Transport;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;

namespace EId.Credentials.Tests.Verification;

public sealed class VerifierTests : IDisposable
{
    private readonly IssuerSigningKey _key = IssuerSigningKey.Generate();

    public void Dispose() => _key.Dispose();

    private Task<CredentialVerification> Verify(string text, DateTimeOffset at, Action<CredentialVerifierOptions>? configure = null, IStatusListSource? status = null, TrustList? trust = null)
    {
        var options = new CredentialVerifierOptions();
        configure?.Invoke(options);
        var verifier = new Claim169Verifier(trust ?? new TrustList([_key.ToTrustedKey(TestCredentials.Issuer)]), Options.Create(options), TestCredentials.Clock(at), status);
        return verifier.VerifyAsync(text).AsTask();
    }

    [Fact]
    public async Task Valid_credential_verifies_with_subject_and_metadata()
    {
        var text = Claim169Encoder.Encode(TestCredentials.Claims(), _key);
        var verdict = await Verify(text, TestCredentials.Now.AddHours(1));
        Assert.True(verdict.IsValid, verdict.Message);
        Assert.Equal("110101199003074518", verdict.Subject!.IdNumber);
        Assert.Equal(new DateOnly(1990, 3, 7), verdict.Subject.BirthDate);
        Assert.Equal(Documents.Gender.Male, verdict.Subject.Gender);
        Assert.Equal("KIOSK-0042", verdict.Metadata!.DeviceId);
        Assert.Equal("00112233445566778899aabbccddeeff", verdict.Metadata.Serial);
        Assert.Equal(TestCredentials.Issuer, verdict.Metadata.Issuer);
        Assert.DoesNotContain("110101199003074518", verdict.Subject.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_and_not_before_respect_the_clock_skew()
    {
        var text = Claim169Encoder.Encode(TestCredentials.Claims(validity: TimeSpan.FromHours(2)), _key);
        var expiry = TestCredentials.Now.AddHours(2);
        Assert.True((await Verify(text, expiry.AddMinutes(4))).IsValid);
        Assert.Equal(CredentialError.Expired, (await Verify(text, expiry.AddMinutes(6))).Error);
        Assert.Equal(CredentialError.Expired, (await Verify(text, expiry.AddMinutes(1), o => o.ClockSkew = TimeSpan.Zero)).Error);
        Assert.True((await Verify(text, TestCredentials.Now.AddMinutes(-4))).IsValid);
        var early = await Verify(text, TestCredentials.Now.AddMinutes(-6));
        Assert.Equal(CredentialError.NotYetValid, early.Error);
        Assert.NotNull(early.Subject); // shown for display even when not valid
    }

    [Fact]
    public async Task Unknown_kid_and_wrong_key_are_distinguished()
    {
        var text = Claim169Encoder.Encode(TestCredentials.Claims(), _key);
        using var other = IssuerSigningKey.Generate();
        Assert.Equal(CredentialError.UnknownKey, (await Verify(text, TestCredentials.Now, trust: new TrustList([other.ToTrustedKey()]))).Error);

        // Same kid, different public key: the signature fails.
        var impostor = new TrustedIssuerKey(_key.KeyId, CoseAlgorithm.EdDsa, other.PublicKey);
        Assert.Equal(CredentialError.BadSignature, (await Verify(text, TestCredentials.Now, trust: new TrustList([impostor]))).Error);

        // A key bound to another issuer is not accepted for this one.
        var elsewhere = _key.ToTrustedKey("https://other.example.test");
        Assert.Equal(CredentialError.UnknownKey, (await Verify(text, TestCredentials.Now, trust: new TrustList([elsewhere]))).Error);
    }

    [Fact]
    public async Task Key_rotation_keeps_old_credentials_valid_and_rejects_issuance_outside_a_key_period()
    {
        using var next = IssuerSigningKey.Generate();
        var rotation = TestCredentials.Now.AddDays(10);
        var trust = new TrustList([
            _key.ToTrustedKey(TestCredentials.Issuer, TestCredentials.Now.AddDays(-30), rotation),
            next.ToTrustedKey(TestCredentials.Issuer, rotation, null),
        ]);

        var old = Claim169Encoder.Encode(TestCredentials.Claims(issuedAt: rotation.AddDays(-1), validity: TimeSpan.FromDays(5)), _key);
        var fresh = Claim169Encoder.Encode(TestCredentials.Claims(issuedAt: rotation.AddDays(1)), next);
        var forged = Claim169Encoder.Encode(TestCredentials.Claims(issuedAt: rotation.AddDays(1)), _key);

        Assert.True((await Verify(old, rotation.AddDays(2), trust: trust)).IsValid);
        Assert.True((await Verify(fresh, rotation.AddDays(1).AddHours(1), trust: trust)).IsValid);
        Assert.Equal(CredentialError.KeyNotValid, (await Verify(forged, rotation.AddDays(1).AddHours(1), trust: trust)).Error);
    }

    [Fact]
    public async Task A_credential_without_exp_is_refused_by_default()
    {
        var text = Claim169Encoder.Encode(TestCredentials.Claims() with { ExpiresAt = null }, _key);
        var verdict = await Verify(text, TestCredentials.Now);
        Assert.Equal(CredentialError.BadClaim, verdict.Error);
        Assert.True((await Verify(text, TestCredentials.Now, o => o.RequireExpiry = false)).IsValid);
    }

    [Fact]
    public async Task A_credential_with_bytes_after_its_zlib_stream_is_bad_compression()
    {
        var compressed = Zlib.Compress(Claim169Encoder.Sign(TestCredentials.Claims(), _key));
        Assert.True((await Verify(Base45.Encode(compressed), TestCredentials.Now)).IsValid);
        var padded = Base45.Encode([.. compressed, .. compressed[^4..]]);
        Assert.Equal(CredentialError.BadCompression, (await Verify(padded, TestCredentials.Now)).Error);
    }

    [Fact]
    public async Task Missing_claim_169_is_reported_after_the_signature()
    {
        var text = Claim169Encoder.Encode(TestCredentials.Claims() with { Identity = null }, _key);
        Assert.Equal(CredentialError.MissingIdentity, (await Verify(text, TestCredentials.Now)).Error);
    }

    [Fact]
    public async Task Alg_minus_19_and_cwt_tag_61_are_accepted()
    {
        var payload = CwtClaimsCodec.Encode(TestCredentials.Claims());
        var protectedHeader = CoseSign1.BuildProtectedHeader(CoseAlgorithm.Ed25519, _key.KeyId.Span);
        var signature = _key.Sign(CoseSign1.BuildToBeSigned(protectedHeader, payload));
        var inner = new CoseSign1(protectedHeader, -19, _key.KeyId, payload, signature).Encode();
        var tagged = new byte[inner.Length + 2];
        tagged[0] = 0xD8;
        tagged[1] = 0x3D; // tag 61
        inner.CopyTo(tagged, 2);
        Assert.True((await Verify(Claim169Encoder.ToQrText(tagged), TestCredentials.Now)).IsValid);
    }

    [Fact]
    public void Status_claim_entry_with_a_non_text_key_is_skipped_whole()
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(1);
        writer.WriteInt64(CwtClaims.StatusKey);
        writer.WriteStartMap(2);
        writer.WriteInt32(0); // a future integer-keyed entry before status_list
        writer.WriteTextString("future");
        writer.WriteTextString("status_list");
        writer.WriteStartMap(1);
        writer.WriteTextString("idx");
        writer.WriteInt64(7);
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
        Assert.Equal(7, CwtClaimsCodec.Decode(writer.Encode()).StatusIndex);
    }

    [Fact]
    public async Task Unsupported_algorithm_is_bad_cose()
    {
        var payload = CwtClaimsCodec.Encode(TestCredentials.Claims());
        var protectedHeader = CoseSign1.BuildProtectedHeader((CoseAlgorithm)(-257), _key.KeyId.Span);
        var signature = _key.Sign(CoseSign1.BuildToBeSigned(protectedHeader, payload));
        var cose = new CoseSign1(protectedHeader, -257, _key.KeyId, payload, signature).Encode();
        Assert.Equal(CredentialError.BadCose, (await Verify(Claim169Encoder.ToQrText(cose), TestCredentials.Now)).Error);
    }

    [Fact]
    public async Task Hardening_limits_give_typed_errors()
    {
        Assert.Equal(CredentialError.TooLarge, (await Verify(new string('0', 9000), TestCredentials.Now)).Error);
        Assert.Equal(CredentialError.BadBase45, (await Verify("not base45!", TestCredentials.Now)).Error);

        // Decompression bomb: 1 MiB of zeros compresses to ~1 KiB.
        Assert.Equal(CredentialError.BadCompression, (await Verify(Base45.Encode(Zlib.Compress(new byte[1 << 20])), TestCredentials.Now)).Error);

        // 100 nested arrays.
        var writer = new CborWriter();
        for (var i = 0; i < 100; i++)
        {
            writer.WriteStartArray(1);
        }

        writer.WriteInt32(0);
        for (var i = 0; i < 100; i++)
        {
            writer.WriteEndArray();
        }

        Assert.Equal(CredentialError.BadCbor, (await Verify(Base45.Encode(Zlib.Compress(writer.Encode())), TestCredentials.Now)).Error);

        // Well-formed CBOR that is not COSE.
        Assert.Equal(CredentialError.BadCose, (await Verify(Base45.Encode(Zlib.Compress([0x82, 0x01, 0x02])), TestCredentials.Now)).Error);
    }

    [Fact]
    public async Task Wrong_claim_types_are_bad_claim()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteInt32(1);
        writer.WriteInt32(42); // iss must be text
        writer.WriteInt32(169);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteEndMap();
        var payload = writer.Encode();
        var protectedHeader = CoseSign1.BuildProtectedHeader(CoseAlgorithm.EdDsa, _key.KeyId.Span);
        var cose = new CoseSign1(protectedHeader, -8, _key.KeyId, payload, _key.Sign(CoseSign1.BuildToBeSigned(protectedHeader, payload))).Encode();
        Assert.Equal(CredentialError.BadClaim, (await Verify(Claim169Encoder.ToQrText(cose), TestCredentials.Now)).Error);
    }

    [Fact]
    public async Task Revocation_via_a_signed_status_list()
    {
        const string uri = "https://kiosk.example.test/status/1";
        var claims = TestCredentials.Claims(validity: TimeSpan.FromDays(3)) with { StatusIndex = 1234, StatusListUri = uri };
        var text = Claim169Encoder.Encode(claims, _key);
        var list = new StatusList(4096);
        var source = new InMemoryStatusListSource();
        var at = TestCredentials.Now.AddHours(1);

        // No list held: accepted when available-only, unknown when required.
        Assert.True((await Verify(text, at, status: source)).IsValid);
        Assert.Equal(CredentialError.StatusUnknown, (await Verify(text, at, o => o.StatusCheck = StatusCheck.Required, source)).Error);

        source.Publish(uri, StatusListToken.Issue(list, uri, _key, TestCredentials.Now, TimeSpan.FromDays(1)));
        Assert.True((await Verify(text, at, o => o.StatusCheck = StatusCheck.Required, source)).IsValid);

        list.Set(1234);
        source.Publish(uri, StatusListToken.Issue(list, uri, _key, TestCredentials.Now, TimeSpan.FromDays(1)));
        var revoked = await Verify(text, at, status: source);
        Assert.Equal(CredentialError.Revoked, revoked.Error);
        Assert.True((await Verify(text, at, o => o.StatusCheck = StatusCheck.Skip, source)).IsValid);

        // Too old for the max age.
        Assert.Equal(CredentialError.StatusUnknown, (await Verify(text, TestCredentials.Now.AddHours(30), o => { o.StatusCheck = StatusCheck.Required; o.StatusListMaxAge = TimeSpan.FromHours(12); }, source)).Error);

        // A list signed by an untrusted key is ignored.
        using var rogue = IssuerSigningKey.Generate();
        source.Publish(uri, StatusListToken.Issue(new StatusList(4096), uri, rogue, TestCredentials.Now, TimeSpan.FromDays(1)));
        Assert.Equal(CredentialError.StatusUnknown, (await Verify(text, at, o => o.StatusCheck = StatusCheck.Required, source)).Error);
    }

    [Fact]
    public void Status_list_bits_follow_the_token_status_list_order()
    {
        var list = new StatusList(16);
        list.Set(0);
        list.Set(9);
        Assert.Equal(new byte[] { 0x01, 0x02 }, list.Bits.ToArray());
        Assert.True(list.IsRevoked(9));
        Assert.False(list.IsRevoked(8));
        Assert.False(list.IsRevoked(16));
        list.Set(9, revoked: false);
        Assert.False(list.IsRevoked(9));
    }

    [Fact]
    public async Task Encrypted_credentials_need_the_key()
    {
        var aes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var text = Claim169Encoder.Encode(TestCredentials.Claims(), _key, aes);
        Assert.Equal(CredentialError.BadCose, (await Verify(text, TestCredentials.Now)).Error);
        var verdict = await Verify(text, TestCredentials.Now, o => o.DecryptionKeys.Add(aes));
        Assert.True(verdict.IsValid, verdict.Message);
        Assert.True(Claim169Decoder.Decode(text, decryptionKeys: [aes]).GetValueOrThrow().WasEncrypted);
    }

    [Fact]
    public void Trust_list_json_round_trips()
    {
        var list = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer, TestCredentials.Now, TestCredentials.Now.AddYears(1))]);
        Assert.True(TrustList.TryParseJson(list.ToJson(), out var back, out _));
        var key = Assert.Single(back.Keys);
        Assert.Equal(_key.KeyIdHex, key.KeyIdHex);
        Assert.Equal(_key.PublicKey, key.PublicKey.ToArray());
        Assert.Equal(TestCredentials.Now, key.ValidFrom);
        Assert.False(TrustList.TryParseJson("{\"keys\":[{\"kid\":\"zz\"}]}", out _, out var error));
        Assert.NotEmpty(error);
        Assert.False(TrustList.TryParseJson("not json", out _, out _));
    }
}
