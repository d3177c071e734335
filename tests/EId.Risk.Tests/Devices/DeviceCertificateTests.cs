using EId.Risk.Devices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Risk.Tests.Devices;

public sealed class DeviceCertificateTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly DeviceEnrolment _authority = DeviceEnrolment.CreateNew();
    private readonly DeviceKey _device = DeviceKey.Generate();
    private readonly DeviceCertificate _certificate;
    private readonly DeviceCertificateVerifier _verifier;

    public DeviceCertificateTests()
    {
        _certificate = _authority.Issue("kiosk-7", _device.PublicKey, "site-sh-02", Now.AddDays(-1), Now.AddDays(365), ["issue-eid", "verify-sender"]);
        _verifier = new DeviceCertificateVerifier([_authority.PublicKey]);
    }

    [Fact]
    public void Issued_certificate_verifies_and_round_trips_every_field()
    {
        var verified = _verifier.Verify(_certificate.Encoded, Now).GetValueOrThrow();

        Assert.Equal("kiosk-7", verified.DeviceId);
        Assert.Equal("site-sh-02", verified.SiteId);
        Assert.Equal(_device.PublicKey.ToArray(), verified.PublicKey.ToArray());
        Assert.Equal(Now.AddDays(-1), verified.ValidFrom);
        Assert.Equal(Now.AddDays(365), verified.ValidUntil);
        Assert.Equal(["issue-eid", "verify-sender"], verified.Capabilities);
        Assert.True(verified.Allows("issue-eid"));
        Assert.False(verified.Allows("admin"));
        Assert.InRange(_certificate.Encoded.Length, 100, 300);
    }

    [Fact]
    public void Certificate_from_another_authority_is_refused_as_untrusted()
    {
        using var forger = DeviceEnrolment.CreateNew();
        var forged = forger.Issue("kiosk-7", _device.PublicKey, "site-sh-02", Now.AddDays(-1), Now.AddDays(365), ["issue-eid"]);

        var result = _verifier.Verify(forged.Encoded, Now);

        Assert.False(result.IsSuccess);
        Assert.Equal(DeviceCertificateError.UntrustedSignature, result.Error!.Reason);
    }

    [Fact]
    public void Rotated_authority_keys_are_both_trusted_when_pinned()
    {
        using var next = DeviceEnrolment.CreateNew();
        var verifier = new DeviceCertificateVerifier([_authority.PublicKey, next.PublicKey]);
        var fromNext = next.Issue("kiosk-8", _device.PublicKey, "site-sh-02", Now.AddDays(-1), Now.AddDays(1), ["issue-eid"]);

        Assert.True(verifier.Verify(_certificate.Encoded, Now).IsSuccess);
        Assert.True(verifier.Verify(fromNext.Encoded, Now).IsSuccess);
    }

    [Fact]
    public void Validity_is_checked_at_both_ends()
    {
        Assert.Equal(DeviceCertificateError.NotYetValid, _verifier.Verify(_certificate.Encoded, Now.AddDays(-2)).Error!.Reason);
        Assert.Equal(DeviceCertificateError.Expired, _verifier.Verify(_certificate.Encoded, Now.AddDays(365)).Error!.Reason);
        Assert.True(_verifier.Verify(_certificate.Encoded, Now.AddDays(365).AddSeconds(-1)).IsSuccess);
    }

    [Fact]
    public void Issue_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentException>(() => _authority.Issue("kiosk 7", _device.PublicKey, "s", Now, Now.AddDays(1), []));
        Assert.Throws<ArgumentException>(() => _authority.Issue("k", new byte[31], "s", Now, Now.AddDays(1), []));
        Assert.Throws<ArgumentException>(() => _authority.Issue("k", _device.PublicKey, "s", Now, Now, []));
    }

    [Property(MaxTest = 300)]
    public Property Any_modified_byte_of_a_certificate_is_refused(PositiveInt position, byte mask)
    {
        var encoded = _certificate.Encoded.ToArray();
        var index = position.Get % encoded.Length;
        var flip = (byte)(mask == 0 ? 1 : mask);
        encoded[index] ^= flip;
        return (!_verifier.Verify(encoded, Now).IsSuccess).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Truncated_certificates_are_refused(PositiveInt length)
    {
        var encoded = _certificate.Encoded[..(length.Get % _certificate.Encoded.Length)];
        var result = _verifier.Verify(encoded, Now);
        return (!result.IsSuccess && result.Error!.Reason == DeviceCertificateError.Malformed).ToProperty();
    }

    [Property(MaxTest = 500)]
    public Property Random_bytes_give_a_typed_error(byte[] bytes) =>
        (!_verifier.Verify(bytes ?? [], Now).IsSuccess).ToProperty();

    [Fact]
    public void Oversized_input_is_malformed_without_parsing()
    {
        var result = _verifier.Verify(new byte[DeviceCertificate.MaxEncodedLength + 1], Now);
        Assert.Equal(DeviceCertificateError.Malformed, result.Error!.Reason);
    }

    [Fact]
    public void Device_key_export_and_import_keep_the_key()
    {
        var exported = _device.ExportPrivateKey();
        using var imported = DeviceKey.Import(exported);
        var signature = imported.Sign("x"u8);

        Assert.Equal(_device.PublicKey.ToArray(), imported.PublicKey.ToArray());
        Assert.True(DeviceKey.Verify(_device.PublicKey.Span, "x"u8, signature));
        Assert.False(DeviceKey.Verify(_device.PublicKey.Span, "y"u8, signature));
        Assert.False(DeviceKey.Verify(new byte[5], "x"u8, signature));
    }

    [Fact]
    public void Credential_refuses_a_certificate_for_another_key()
    {
        using var other = DeviceKey.Generate();
        Assert.Throws<ArgumentException>(() => new DeviceCredential(other, _certificate.Encoded));
        Assert.Throws<ArgumentException>(() => new DeviceCredential(other, new byte[] { 1, 2, 3 }));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _device.Dispose();
    }
}
