using EId.Risk.Devices;
using EId.Risk.Gateway;
using EId.Risk.Replay;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Risk.Tests.Gateway;

public sealed class RequestAuthenticatorTests
{
    [Fact]
    public async Task A_freshly_signed_request_is_accepted_once_and_its_replay_refused()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var request = harness.SignIssue();

        var first = await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken);
        var replay = await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken);

        Assert.True(first.IsSuccess, first.ToString());
        Assert.Equal("site-bj-01", first.Value!.Certificate.SiteId);
        Assert.Equal(RequestRefusal.Replayed, replay.Error!.Reason);
    }

    [Fact]
    public async Task Replay_is_refused_after_a_restart_with_the_sqlite_cache()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eid-replay-{Guid.NewGuid():N}.db");
        try
        {
            SignedRequest request;
            using (var harness = await GatewayHarness.CreateAsync(time => new SqliteReplayCache(path, time)))
            {
                request = harness.SignIssue();
                Assert.True((await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken)).IsSuccess);

                // "Restart": a new process state (cache, registry, verifier) over the same file.
                using var restartedCache = new SqliteReplayCache(path, harness.Time);
                var restarted = new RequestAuthenticator(new DeviceCertificateVerifier([harness.Authority.PublicKey]), harness.Registry, restartedCache, harness.Time, TimeSpan.FromMinutes(2));
                var replay = await restarted.AuthenticateAsync(request, TestContext.Current.CancellationToken);
                var fresh = await restarted.AuthenticateAsync(harness.SignIssue(), TestContext.Current.CancellationToken);

                Assert.Equal(RequestRefusal.Replayed, replay.Error!.Reason);
                Assert.True(fresh.IsSuccess, fresh.ToString());
            }
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Timestamp_window_is_enforced_both_ways()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var body = "{}"u8.ToArray();
        var old = harness.Kiosk.Sign("POST", "/v1/eid/issue", body, GatewayHarness.Start.AddMinutes(-2).AddMilliseconds(-1), DeviceCredential.NewNonce());
        var future = harness.Kiosk.Sign("POST", "/v1/eid/issue", body, GatewayHarness.Start.AddMinutes(2).AddMilliseconds(1), DeviceCredential.NewNonce());
        var edge = harness.Kiosk.Sign("POST", "/v1/eid/issue", body, GatewayHarness.Start.AddMinutes(-2), DeviceCredential.NewNonce());

        Assert.Equal(RequestRefusal.TimestampOutOfWindow, (await harness.Authenticator.AuthenticateAsync(old, TestContext.Current.CancellationToken)).Error!.Reason);
        Assert.Equal(RequestRefusal.TimestampOutOfWindow, (await harness.Authenticator.AuthenticateAsync(future, TestContext.Current.CancellationToken)).Error!.Reason);
        Assert.True((await harness.Authenticator.AuthenticateAsync(edge, TestContext.Current.CancellationToken)).IsSuccess);
    }

    [Fact]
    public async Task Nonce_expires_with_the_window_and_the_old_request_stays_refused()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var request = harness.SignIssue();
        Assert.True((await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken)).IsSuccess);

        harness.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(RequestRefusal.TimestampOutOfWindow, (await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken)).Error!.Reason);
    }

    [Theory]
    [InlineData(DeviceStatus.Suspended, RequestRefusal.DeviceSuspended)]
    [InlineData(DeviceStatus.Revoked, RequestRefusal.DeviceRevoked)]
    public async Task Inactive_devices_are_refused(DeviceStatus status, RequestRefusal expected)
    {
        using var harness = await GatewayHarness.CreateAsync();
        Assert.True(await harness.Registry.SetStatusAsync(harness.Kiosk.DeviceId, status, TestContext.Current.CancellationToken));

        var result = await harness.Authenticator.AuthenticateAsync(harness.SignIssue(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Error!.Reason);
        await harness.Registry.SetStatusAsync(harness.Kiosk.DeviceId, DeviceStatus.Active, TestContext.Current.CancellationToken);
        Assert.True((await harness.Authenticator.AuthenticateAsync(harness.SignIssue(), TestContext.Current.CancellationToken)).IsSuccess);
    }

    [Fact]
    public async Task Validly_certified_but_unenrolled_device_is_refused()
    {
        using var harness = await GatewayHarness.CreateAsync();
        using var key = DeviceKey.Generate();
        var certificate = harness.Authority.Issue("kiosk-ghost", key.PublicKey, "site-bj-01", GatewayHarness.Start.AddDays(-1), GatewayHarness.Start.AddDays(1), ["issue-eid"]);
        using var ghost = new DeviceCredential(DeviceKey.Import(key.ExportPrivateKey()), certificate.Encoded, harness.Time);

        var result = await harness.Authenticator.AuthenticateAsync(ghost.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), TestContext.Current.CancellationToken);

        Assert.Equal(RequestRefusal.DeviceUnknown, result.Error!.Reason);
    }

    [Fact]
    public async Task Key_rotation_supersedes_the_old_certificate()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var beforeRotation = harness.SignIssue();
        using var rotated = await harness.EnrollAsync(harness.Kiosk.DeviceId, "site-bj-01", [GatewayHarness.IssueAction]);

        var old = await harness.Authenticator.AuthenticateAsync(beforeRotation, TestContext.Current.CancellationToken);
        var fresh = await harness.Authenticator.AuthenticateAsync(rotated.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), TestContext.Current.CancellationToken);

        Assert.Equal(RequestRefusal.CertificateSuperseded, old.Error!.Reason);
        Assert.True(fresh.IsSuccess, fresh.ToString());
        var history = await harness.Registry.GetHistoryAsync(harness.Kiosk.DeviceId, TestContext.Current.CancellationToken);
        Assert.Equal([true, true], history.Select(h => h.KeyChanged));
    }

    [Fact]
    public async Task Forged_certificate_for_an_enrolled_device_is_refused()
    {
        using var harness = await GatewayHarness.CreateAsync();
        using var forger = DeviceEnrolment.CreateNew();
        using var cloneKey = DeviceKey.Generate();
        var forged = forger.Issue(harness.Kiosk.DeviceId, cloneKey.PublicKey, "site-bj-01", GatewayHarness.Start.AddDays(-1), GatewayHarness.Start.AddDays(1), ["issue-eid"]);
        using var clone = new DeviceCredential(DeviceKey.Import(cloneKey.ExportPrivateKey()), forged.Encoded, harness.Time);

        var result = await harness.Authenticator.AuthenticateAsync(clone.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), TestContext.Current.CancellationToken);

        Assert.Equal(RequestRefusal.CertificateUntrusted, result.Error!.Reason);
    }

    [Fact]
    public async Task Certificate_of_another_device_is_refused()
    {
        using var harness = await GatewayHarness.CreateAsync();
        using var other = await harness.EnrollAsync("kiosk-002", "site-bj-01", [GatewayHarness.IssueAction]);
        var request = harness.SignIssue() with { Certificate = other.Certificate.Encoded };

        Assert.Equal(RequestRefusal.CertificateDeviceMismatch, (await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken)).Error!.Reason);
    }

    [Fact]
    public async Task Expired_certificate_is_refused()
    {
        using var harness = await GatewayHarness.CreateAsync();
        using var shortLived = await harness.EnrollAsync("kiosk-003", "site-bj-01", [GatewayHarness.IssueAction], GatewayHarness.Start.AddHours(1));
        harness.Time.Advance(TimeSpan.FromHours(1));

        var result = await harness.Authenticator.AuthenticateAsync(shortLived.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), TestContext.Current.CancellationToken);

        Assert.Equal(RequestRefusal.CertificateOutOfValidity, result.Error!.Reason);
    }

    [Fact]
    public async Task Malformed_fields_are_refused_without_throwing()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var good = harness.SignIssue();
        SignedRequest[] bad =
        [
            good with { Method = "post" },
            good with { Method = null! },
            good with { Path = "no-slash" },
            good with { Path = "/a b" },
            good with { DeviceId = "kiosk\n001" },
            good with { Nonce = "short" },
            good with { Nonce = null! },
        ];

        foreach (var request in bad)
        {
            Assert.Equal(RequestRefusal.Malformed, (await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken)).Error!.Reason);
        }

        Assert.Equal(RequestRefusal.CertificateMalformed, (await harness.Authenticator.AuthenticateAsync(good with { Certificate = new byte[] { 0x82, 0x40 } }, TestContext.Current.CancellationToken)).Error!.Reason);
        Assert.Equal(RequestRefusal.SignatureInvalid, (await harness.Authenticator.AuthenticateAsync(good with { Signature = new byte[3] }, TestContext.Current.CancellationToken)).Error!.Reason);
        Assert.Equal(RequestRefusal.Malformed, (await harness.Authenticator.AuthenticateAsync(null!, TestContext.Current.CancellationToken)).Error!.Reason);
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_replays_is_accepted()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var request = harness.SignIssue();

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () => await harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken))));

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(RequestRefusal.Replayed, r.Error!.Reason));
    }

    /// <summary>The fields of a signed request as bytes; one byte of one field is changed.</summary>
    [Property(MaxTest = 250)]
    public Property Any_modified_byte_of_a_signed_request_is_refused(PositiveInt field, PositiveInt position, byte mask)
    {
        using var harness = GatewayHarness.CreateAsync().GetAwaiter().GetResult();
        var request = harness.SignIssue("""{"document":"110101199003074518","frames":3}""");
        var modified = Modify(request, field.Get % 8, position.Get, (byte)(mask == 0 ? 0x01 : mask));

        var refused = !Sync.Run(harness.Authenticator.AuthenticateAsync(modified, TestContext.Current.CancellationToken)).IsSuccess;
        var originalAccepted = Sync.Run(harness.Authenticator.AuthenticateAsync(request, TestContext.Current.CancellationToken)).IsSuccess;
        return (refused && originalAccepted).Label($"field {field.Get % 8}");
    }

    private static SignedRequest Modify(SignedRequest request, int field, int position, byte mask)
    {
        static byte[] Flip(ReadOnlySpan<byte> bytes, int position, byte mask)
        {
            var copy = bytes.ToArray();
            copy[position % copy.Length] ^= mask;
            return copy;
        }

        static string FlipText(string text, int position, byte mask) =>
            System.Text.Encoding.Latin1.GetString(Flip(System.Text.Encoding.Latin1.GetBytes(text), position, mask));

        return field switch
        {
            0 => request with { Method = FlipText(request.Method, position, mask) },
            1 => request with { Path = FlipText(request.Path, position, mask) },
            2 => request with { Body = Flip(request.Body.Span, position, mask) },
            3 => request with { DeviceId = FlipText(request.DeviceId, position, mask) },
            4 => request with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(request.Timestamp.ToUnixTimeMilliseconds() ^ (mask << (position % 24))) },
            5 => request with { Nonce = FlipText(request.Nonce, position, mask) },
            6 => request with { Signature = Flip(request.Signature.Span, position, mask) },
            _ => request with { Certificate = Flip(request.Certificate.Span, position, mask) },
        };
    }
}
