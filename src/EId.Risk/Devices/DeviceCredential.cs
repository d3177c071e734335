using System.Buffers.Text;
using System.Security.Cryptography;
using EId.Risk.Requests;

namespace EId.Risk.Devices;

/// <summary>
/// The device side: its private key and its certificate. Signs requests for the security gateway.
/// </summary>
public sealed class DeviceCredential : IDisposable
{
    private readonly DeviceKey _key;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates a credential from the device key (the credential takes ownership) and the certificate
    /// the enrolment authority issued for it.
    /// </summary>
    /// <exception cref="ArgumentException">The certificate is malformed or certifies another key.</exception>
    public DeviceCredential(DeviceKey key, ReadOnlyMemory<byte> certificate, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var decoded = DeviceCertificate.Decode(certificate.ToArray());
        if (!decoded.IsSuccess)
        {
            throw new ArgumentException($"The device certificate is malformed: {decoded.Error}", nameof(certificate));
        }

        if (!decoded.Value.Certificate.PublicKey.Span.SequenceEqual(key.PublicKey.Span))
        {
            throw new ArgumentException("The certificate certifies a different public key.", nameof(certificate));
        }

        _key = key;
        _time = timeProvider ?? TimeProvider.System;
        Certificate = decoded.Value.Certificate;
    }

    /// <summary>The device's certificate.</summary>
    public DeviceCertificate Certificate { get; }

    /// <summary>The device id.</summary>
    public string DeviceId => Certificate.DeviceId;

    /// <summary>A fresh random nonce (128 bits, base64url: 22 characters).</summary>
    public static string NewNonce()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    /// <summary>
    /// Signs a request now (from the credential's <see cref="TimeProvider"/>, millisecond precision)
    /// with a fresh nonce unless one is given.
    /// </summary>
    /// <exception cref="ArgumentException">The method or path is malformed (see <see cref="CanonicalRequest.Validate"/>).</exception>
    public SignedRequest Sign(string method, string path, ReadOnlyMemory<byte> body, string? nonce = null) =>
        Sign(method, path, body, _time.GetUtcNow(), nonce ?? NewNonce());

    /// <summary>Signs a request with an explicit timestamp and nonce.</summary>
    /// <exception cref="ArgumentException">A field is malformed (see <see cref="CanonicalRequest.Validate"/>).</exception>
    public SignedRequest Sign(string method, string path, ReadOnlyMemory<byte> body, DateTimeOffset timestamp, string nonce)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(timestamp.ToUnixTimeMilliseconds());
        var canonical = CanonicalRequest.Encode(method, path, body.Span, DeviceId, at, nonce);
        return new SignedRequest
        {
            Method = method,
            Path = path,
            Body = body,
            DeviceId = DeviceId,
            Timestamp = at,
            Nonce = nonce,
            Signature = _key.Sign(canonical),
            Certificate = Certificate.Encoded,
        };
    }

    /// <summary>Clears the private key.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>Names the device only.</summary>
    public override string ToString() => $"DeviceCredential({DeviceId})";
}
