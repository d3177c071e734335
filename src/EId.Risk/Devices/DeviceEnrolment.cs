namespace EId.Risk.Devices;

/// <summary>
/// The enrolment authority ("issuing-device credential management"): holds the authority's Ed25519
/// key and issues device certificates. Gateways pin <see cref="PublicKey"/>.
/// </summary>
public sealed class DeviceEnrolment : IDisposable
{
    private readonly DeviceKey _authorityKey;

    /// <summary>Creates an authority around an existing key (the authority takes ownership).</summary>
    public DeviceEnrolment(DeviceKey authorityKey)
    {
        ArgumentNullException.ThrowIfNull(authorityKey);
        _authorityKey = authorityKey;
    }

    /// <summary>The authority's raw public key, to pin in the gateway's options.</summary>
    public ReadOnlyMemory<byte> PublicKey => _authorityKey.PublicKey;

    /// <summary>Creates an authority with a newly generated key.</summary>
    public static DeviceEnrolment CreateNew() => new(DeviceKey.Generate());

    /// <summary>
    /// Issues a certificate binding <paramref name="devicePublicKey"/> to <paramref name="deviceId"/> at
    /// <paramref name="siteId"/> for the given validity (rounded down to whole seconds) and capabilities.
    /// </summary>
    /// <exception cref="ArgumentException">An identifier is not a token (letters, digits, <c>._:-</c>, at most 128),
    /// the key is not 32 bytes, the validity is empty, or there are too many capabilities.</exception>
    public DeviceCertificate Issue(
        string deviceId,
        ReadOnlyMemory<byte> devicePublicKey,
        string siteId,
        DateTimeOffset validFrom,
        DateTimeOffset validUntil,
        IEnumerable<string> capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var capabilityList = capabilities.ToArray();
        if (!Requests.CanonicalRequest.IsToken(deviceId, Requests.CanonicalRequest.MaxTokenLength)
            || !Requests.CanonicalRequest.IsToken(siteId, Requests.CanonicalRequest.MaxTokenLength)
            || capabilityList.Any(c => !Requests.CanonicalRequest.IsToken(c, Requests.CanonicalRequest.MaxTokenLength)))
        {
            throw new ArgumentException("Device id, site id and capabilities must be tokens (letters, digits, '._:-', at most 128 characters).");
        }

        if (devicePublicKey.Length != DeviceKey.PublicKeyLength)
        {
            throw new ArgumentException("The device public key must be a raw 32-byte Ed25519 key.", nameof(devicePublicKey));
        }

        var from = DateTimeOffset.FromUnixTimeSeconds(validFrom.ToUnixTimeSeconds());
        var until = DateTimeOffset.FromUnixTimeSeconds(validUntil.ToUnixTimeSeconds());
        if (until <= from)
        {
            throw new ArgumentException("The validity period is empty.", nameof(validUntil));
        }

        if (capabilityList.Length > DeviceCertificate.MaxCapabilities)
        {
            throw new ArgumentException($"At most {DeviceCertificate.MaxCapabilities} capabilities.", nameof(capabilities));
        }

        var certificate = new DeviceCertificate
        {
            DeviceId = deviceId,
            PublicKey = devicePublicKey.ToArray(),
            SiteId = siteId,
            ValidFrom = from,
            ValidUntil = until,
            Capabilities = capabilityList,
        };
        var toBeSigned = certificate.EncodeToBeSigned();
        return certificate with { Encoded = DeviceCertificate.EncodeSigned(toBeSigned, _authorityKey.Sign(toBeSigned)) };
    }

    /// <summary>Clears the authority key.</summary>
    public void Dispose() => _authorityKey.Dispose();
}
