using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Status;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Credentials.Tests.Keys;

/// <summary>Issue 18, items 2 and 3: key windows checked against verification time, signed retirement, whole-second windows.</summary>
public sealed class KeyWindowTests : IDisposable
{
    private static readonly DateTimeOffset Rotation = TestCredentials.Now.AddDays(10);
    private readonly IssuerSigningKey _key = IssuerSigningKey.Generate();

    public void Dispose() => _key.Dispose();

    private static Task<CredentialVerification> Verify(string text, DateTimeOffset at, TrustList trust, IStatusListSource? status = null) =>
        new Claim169Verifier(trust, Options.Create(new CredentialVerifierOptions()), TestCredentials.Clock(at), status).VerifyAsync(text).AsTask();

    [Fact]
    public async Task A_rotated_out_key_verifies_nothing_after_the_grace_period_even_when_back_dated()
    {
        var trust = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer, TestCredentials.Now.AddDays(-30), Rotation)]);

        // Leaked after rotation: iat back-dated into the key's window, exp far in the future.
        var backDated = Claim169Encoder.Encode(TestCredentials.Claims(issuedAt: Rotation.AddHours(-1), validity: TimeSpan.FromDays(90)), _key);

        // Within the grace period (30 days) credentials the key issued before rotation still verify...
        Assert.True((await Verify(backDated, Rotation.AddDays(2), trust)).IsValid);

        // ...after it the key verifies nothing.
        var late = await Verify(backDated, Rotation.AddDays(31), trust);
        Assert.Equal(CredentialError.KeyNotValid, late.Error);
    }

    [Fact]
    public async Task A_retired_key_verifies_nothing_from_its_retirement_on()
    {
        var retiredAt = TestCredentials.Now.AddDays(2);
        var trust = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer, TestCredentials.Now.AddDays(-30))]).Retire(_key, retiredAt);

        // Through the JSON file form, as a verifier loads it.
        Assert.True(TrustList.TryParseJson(trust.ToJson(), out var loaded, out var error), error);
        Assert.Equal(retiredAt, Assert.Single(loaded.Keys).RetiredAt);

        var before = Claim169Encoder.Encode(TestCredentials.Claims(issuedAt: TestCredentials.Now, validity: TimeSpan.FromDays(5)), _key);
        var after = Claim169Encoder.Encode(TestCredentials.Claims(issuedAt: retiredAt.AddHours(1)), _key);
        Assert.True((await Verify(before, retiredAt.AddHours(-1), loaded)).IsValid);

        // iat before the retirement is no defence: a leaked key back-dates iat at will.
        Assert.Equal(CredentialError.KeyNotValid, (await Verify(before, retiredAt.AddHours(1), loaded)).Error);
        Assert.Equal(CredentialError.KeyNotValid, (await Verify(after, retiredAt.AddHours(2), loaded)).Error);
    }

    [Fact]
    public void A_retirement_not_signed_by_the_key_makes_the_trust_list_invalid()
    {
        var json = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer)]).Retire(_key, TestCredentials.Now).ToJson();

        // Moving the retirement later (to revive the key for a while) breaks the signature.
        var moved = json.Replace(TestCredentials.Now.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), "2027-03-01T08:00:00", StringComparison.Ordinal);
        Assert.NotEqual(json, moved);
        Assert.False(TrustList.TryParseJson(moved, out _, out var error));
        Assert.Contains("not signed", error, StringComparison.Ordinal);

        using var other = IssuerSigningKey.Generate();
        Assert.Null(_key.ToTrustedKey().WithRetirement(TestCredentials.Now, other.SignRetirement(TestCredentials.Now)));
    }

    [Fact]
    public void Trust_list_files_from_before_retirement_still_read()
    {
        var json = $$"""
            {"keys":[{"kid":"{{_key.KeyIdHex}}","alg":"EdDSA","publicKey":"{{Convert.ToHexStringLower(_key.PublicKey)}}","issuer":"{{TestCredentials.Issuer}}","validFrom":"2026-01-01T00:00:00+00:00"}]}
            """;
        Assert.True(TrustList.TryParseJson(json, out var list, out var error), error);
        var key = Assert.Single(list.Keys);
        Assert.Null(key.RetiredAt);
        Assert.DoesNotContain("retire", list.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_list_signed_by_a_retired_key_is_not_trusted()
    {
        const string uri = "https://kiosk.example.test/status/1";
        using var next = IssuerSigningKey.Generate();
        var retiredAt = TestCredentials.Now.AddHours(-1);
        var trust = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer), next.ToTrustedKey(TestCredentials.Issuer)]).Retire(_key, retiredAt);
        var credential = Claim169Encoder.Encode(TestCredentials.Claims() with { StatusIndex = 5, StatusListUri = uri }, next);
        var source = new InMemoryStatusListSource();
        source.Publish(uri, StatusListToken.Issue(new StatusList(64), uri, _key, TestCredentials.Now, TimeSpan.FromDays(1)));
        Assert.Equal(CredentialError.StatusUnknown, (await Verify(credential, TestCredentials.Now.AddMinutes(5), trust, source)).Error);
    }

    [Fact]
    public async Task A_key_created_in_the_middle_of_a_second_verifies_a_credential_issued_in_that_second()
    {
        // eid key new --trust records validFrom from the clock; the credential's iat is whole seconds.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 700, TimeSpan.Zero));
        var trust = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer, clock.GetUtcNow())]);
        Assert.True(TrustList.TryParseJson(trust.ToJson(), out var loaded, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), Assert.Single(loaded.Keys).ValidFrom);

        var issuer = new Claim169Issuer(new InMemoryKeyStore(_key), Options.Create(new CredentialIssuerOptions { Issuer = TestCredentials.Issuer }), time: clock);
        var issued = await issuer.IssueAsync(new CredentialRequest(new CredentialSubject { IdNumber = "110101199003074518" }, "KIOSK-1", TimeSpan.FromHours(1)));
        var verdict = await new Claim169Verifier(loaded, null, clock).VerifyAsync(issued.QrText);
        Assert.True(verdict.IsValid, verdict.Message);
    }
}
