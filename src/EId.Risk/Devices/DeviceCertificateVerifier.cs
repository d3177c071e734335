using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace EId.Risk.Devices;

/// <summary>
/// Verifies device certificates against the pinned public keys of the enrolment authority
/// (trust by configuration: several keys allow the authority key to be rotated).
/// Signature checks are cached by the SHA-256 of the certificate bytes, so a device's certificate
/// costs one Ed25519 verification per process, not one per request. Thread-safe.
/// </summary>
public sealed class DeviceCertificateVerifier
{
    private const int MaxCacheEntries = 16_384;

    private readonly byte[][] _authorities;
    private readonly ConcurrentDictionary<string, DeviceCertificate> _verified = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier that trusts the given authority public keys (raw Ed25519, 32 bytes each).</summary>
    /// <exception cref="ArgumentException">No key, or a key of the wrong length.</exception>
    public DeviceCertificateVerifier(IEnumerable<ReadOnlyMemory<byte>> authorityPublicKeys)
    {
        ArgumentNullException.ThrowIfNull(authorityPublicKeys);
        _authorities = [.. authorityPublicKeys.Select(k => k.ToArray())];
        if (_authorities.Length == 0 || _authorities.Any(k => k.Length != DeviceKey.PublicKeyLength))
        {
            throw new ArgumentException("At least one 32-byte Ed25519 authority public key is required.", nameof(authorityPublicKeys));
        }
    }

    /// <summary>
    /// Parses <paramref name="encoded"/>, checks its signature against the pinned authorities and
    /// its validity at <paramref name="at"/>.
    /// </summary>
    public Result<DeviceCertificate, Failure<DeviceCertificateError>> Verify(ReadOnlyMemory<byte> encoded, DateTimeOffset at)
    {
        var certificate = VerifySignature(encoded);
        if (!certificate.IsSuccess)
        {
            return certificate;
        }

        var value = certificate.Value;
        if (at < value.ValidFrom)
        {
            return new Failure<DeviceCertificateError>(DeviceCertificateError.NotYetValid, $"The certificate of {value.DeviceId} is not valid before {value.ValidFrom:u}.");
        }

        if (at >= value.ValidUntil)
        {
            return new Failure<DeviceCertificateError>(DeviceCertificateError.Expired, $"The certificate of {value.DeviceId} expired at {value.ValidUntil:u}.");
        }

        return value;
    }

    private Result<DeviceCertificate, Failure<DeviceCertificateError>> VerifySignature(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.IsEmpty || encoded.Length > DeviceCertificate.MaxEncodedLength)
        {
            return new Failure<DeviceCertificateError>(DeviceCertificateError.Malformed, "The certificate is empty or too large.");
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(encoded.Span, digest);
        var cacheKey = Convert.ToHexString(digest);
        if (_verified.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var decoded = DeviceCertificate.Decode(encoded.ToArray());
        if (!decoded.IsSuccess)
        {
            return decoded.Error;
        }

        var (certificate, toBeSigned, signature) = decoded.Value;
        var trusted = false;
        foreach (var authority in _authorities)
        {
            if (DeviceKey.Verify(authority, toBeSigned, signature))
            {
                trusted = true;
                break;
            }
        }

        if (!trusted)
        {
            return new Failure<DeviceCertificateError>(DeviceCertificateError.UntrustedSignature, "The certificate is not signed by a trusted enrolment authority.");
        }

        // A full cache is simply cleared: it only saves work, and devices re-populate it on their next request.
        if (_verified.Count >= MaxCacheEntries)
        {
            _verified.Clear();
        }

        _verified[cacheKey] = certificate;
        return certificate;
    }
}
