using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Status;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Credentials.Tests.Status;

/// <summary>Issue 18, item 1: revocation must not fail open on a forged, stale, rolled-back or vanished status list.</summary>
public sealed class StatusListHardeningTests : IDisposable
{
    private const string Uri = "https://kiosk.example.test/status/1";
    private const long Index = 1234;
    private readonly IssuerSigningKey _key = IssuerSigningKey.Generate();
    private readonly FakeTimeProvider _clock = TestCredentials.Clock(TestCredentials.Now.AddHours(1));
    private readonly InMemoryStatusListSource _source = new();
    private readonly string _revocable;

    public StatusListHardeningTests() =>
        _revocable = Claim169Encoder.Encode(TestCredentials.Claims(validity: TimeSpan.FromDays(3)) with { StatusIndex = Index, StatusListUri = Uri }, _key);

    public void Dispose() => _key.Dispose();

    private Claim169Verifier Verifier(TrustList? trust = null, IStatusListSource? source = null) =>
        new(trust ?? new TrustList([_key.ToTrustedKey(TestCredentials.Issuer)]), Options.Create(new CredentialVerifierOptions()), _clock, source ?? _source);

    private byte[] List(bool revoked, DateTimeOffset issuedAt, IssuerSigningKey? signer = null)
    {
        var list = new StatusList(4096);
        if (revoked)
        {
            list.Set(Index);
        }

        return StatusListToken.Issue(list, Uri, signer ?? _key, issuedAt, TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task A_list_signed_by_an_untrusted_key_is_an_error_by_default()
    {
        using var rogue = IssuerSigningKey.Generate();
        _source.Publish(Uri, List(revoked: false, TestCredentials.Now, rogue));
        var verdict = await Verifier().VerifyAsync(_revocable);
        Assert.Equal(CredentialError.StatusUnknown, verdict.Error);
    }

    [Fact]
    public async Task A_list_signed_by_a_key_trusted_for_another_issuer_is_an_error()
    {
        using var other = IssuerSigningKey.Generate();
        var trust = new TrustList([_key.ToTrustedKey(TestCredentials.Issuer), other.ToTrustedKey("https://other.example.test")]);
        _source.Publish(Uri, List(revoked: false, TestCredentials.Now, other));
        Assert.Equal(CredentialError.StatusUnknown, (await Verifier(trust).VerifyAsync(_revocable)).Error);
    }

    [Fact]
    public async Task A_stale_list_is_an_error_by_default()
    {
        // Genuine, not revoked, but signed 30 hours ago (max age 1 day) and past its own exp.
        _source.Publish(Uri, List(revoked: false, TestCredentials.Now));
        _clock.SetUtcNow(TestCredentials.Now.AddHours(30));
        var verdict = await Verifier().VerifyAsync(_revocable);
        Assert.Equal(CredentialError.StatusUnknown, verdict.Error);
    }

    [Fact]
    public async Task An_older_genuine_list_after_a_newer_one_is_refused()
    {
        var verifier = Verifier();
        var before = List(revoked: false, TestCredentials.Now);
        _source.Publish(Uri, before);
        Assert.True((await verifier.VerifyAsync(_revocable)).IsValid);

        _source.Publish(Uri, List(revoked: true, TestCredentials.Now.AddMinutes(30)));
        Assert.Equal(CredentialError.Revoked, (await verifier.VerifyAsync(_revocable)).Error);

        // Rollback: the list from before the revocation is genuine and fresh, but older than one already seen.
        _source.Publish(Uri, before);
        var verdict = await verifier.VerifyAsync(_revocable);
        Assert.Equal(CredentialError.StatusUnknown, verdict.Error);
        Assert.Contains("older", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_that_vanishes_after_being_seen_still_counts()
    {
        var source = new SwitchableSource();
        var verifier = Verifier(source: source);
        source.Token = List(revoked: true, TestCredentials.Now);
        Assert.Equal(CredentialError.Revoked, (await verifier.VerifyAsync(_revocable)).Error);

        source.Token = null;
        Assert.Equal(CredentialError.Revoked, (await verifier.VerifyAsync(_revocable)).Error);

        // Once the remembered list is past its max age, the status is unknown rather than "no list".
        _clock.SetUtcNow(TestCredentials.Now.AddHours(30));
        Assert.Equal(CredentialError.StatusUnknown, (await verifier.VerifyAsync(_revocable)).Error);
    }

    [Fact]
    public async Task No_list_ever_held_is_accepted_only_when_available_and_refused_when_required()
    {
        Assert.True((await Verifier().VerifyAsync(_revocable)).IsValid);
        var required = new Claim169Verifier(new TrustList([_key.ToTrustedKey(TestCredentials.Issuer)]), Options.Create(new CredentialVerifierOptions { StatusCheck = StatusCheck.Required }), _clock, statusLists: null);
        Assert.Equal(CredentialError.StatusUnknown, (await required.VerifyAsync(_revocable)).Error);
    }

    [Fact]
    public async Task Concurrent_verifications_keep_the_newest_list()
    {
        var old = List(revoked: false, TestCredentials.Now);
        var newer = List(revoked: true, TestCredentials.Now.AddMinutes(1));
        var source = new AlternatingSource(old, newer);
        var verifier = Verifier(source: source);

        // Many scans racing over alternating lists: each sees the newer list (revoked), the old one before the newer was
        // recorded (valid), or the old one after (refused); once the newer one is recorded the old one never passes again.
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => verifier.VerifyAsync(_revocable).AsTask())));
        Assert.All(verdicts, v => Assert.True(v.IsValid || v.Error is CredentialError.Revoked or CredentialError.StatusUnknown, v.Message));
        Assert.Contains(verdicts, v => v.Error == CredentialError.Revoked);
        for (var i = 0; i < 4; i++)
        {
            Assert.False((await verifier.VerifyAsync(_revocable)).IsValid);
        }
    }

    /// <summary>Hands out two tokens in turn.</summary>
    private sealed class AlternatingSource(byte[] first, byte[] second) : IStatusListSource
    {
        private int _calls;

        public ValueTask<ReadOnlyMemory<byte>?> GetTokenAsync(string? uri, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ReadOnlyMemory<byte>?>(Interlocked.Increment(ref _calls) % 2 == 0 ? first : second);
    }

    /// <summary>A source whose token the test replaces or removes (InMemoryStatusListSource cannot forget a list).</summary>
    private sealed class SwitchableSource : IStatusListSource
    {
        public ReadOnlyMemory<byte>? Token { get; set; }

        public ValueTask<ReadOnlyMemory<byte>?> GetTokenAsync(string? uri, CancellationToken cancellationToken = default) => ValueTask.FromResult(Token);
    }
}
