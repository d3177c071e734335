using System.Formats.Cbor;
using EId.Risk.Requests;

namespace EId.Risk.Devices;

/// <summary>
/// A compact device certificate: the enrolment authority's Ed25519 signature over the device id,
/// the device's public key, its site, validity and capabilities. Encoded as CBOR (canonical):
/// <c>[tbs: bstr, signature: bstr]</c> with <c>tbs = [1, deviceId, publicKey, siteId, validFrom, validUntil, [capability…]]</c>
/// (times in Unix seconds).
/// </summary>
public sealed record DeviceCertificate
{
    /// <summary>The only format version so far.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest encoded certificate accepted; a real one is about 150 bytes.</summary>
    public const int MaxEncodedLength = 2048;

    /// <summary>Most capabilities one certificate may carry.</summary>
    public const int MaxCapabilities = 32;

    /// <summary>Device id.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The device's raw Ed25519 public key (32 bytes).</summary>
    public required ReadOnlyMemory<byte> PublicKey { get; init; }

    /// <summary>The site the device is installed at.</summary>
    public required string SiteId { get; init; }

    /// <summary>Start of validity (whole seconds).</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity (whole seconds, exclusive).</summary>
    public required DateTimeOffset ValidUntil { get; init; }

    /// <summary>What the device may do (e.g. <c>issue-eid</c>).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>The signed encoding (what the device sends in <c>EId-Certificate</c>); empty until issued or parsed.</summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }

    /// <summary>True when the device may perform <paramref name="action"/>.</summary>
    public bool Allows(string action) => Capabilities.Contains(action, StringComparer.Ordinal);

    /// <summary>The registry record for this certificate (status active).</summary>
    public DeviceRecord ToDeviceRecord() => new()
    {
        DeviceId = DeviceId,
        SiteId = SiteId,
        PublicKey = PublicKey.ToArray(),
        ValidFrom = ValidFrom,
        ValidUntil = ValidUntil,
        Capabilities = [.. Capabilities],
        Status = DeviceStatus.Active,
    };

    /// <summary>Short summary (no key material).</summary>
    public override string ToString() => $"DeviceCertificate({DeviceId}@{SiteId}, {ValidFrom:u}..{ValidUntil:u})";

    /// <summary>Encodes the to-be-signed part.</summary>
    internal byte[] EncodeToBeSigned()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(7);
        writer.WriteInt32(FormatVersion);
        writer.WriteTextString(DeviceId);
        writer.WriteByteString(PublicKey.Span);
        writer.WriteTextString(SiteId);
        writer.WriteInt64(ValidFrom.ToUnixTimeSeconds());
        writer.WriteInt64(ValidUntil.ToUnixTimeSeconds());
        writer.WriteStartArray(Capabilities.Count);
        foreach (var capability in Capabilities)
        {
            writer.WriteTextString(capability);
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Wraps the to-be-signed bytes and the signature into the certificate encoding.</summary>
    internal static byte[] EncodeSigned(ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signature)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(2);
        writer.WriteByteString(toBeSigned);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>
    /// Parses the structure without checking the signature or validity (see <see cref="DeviceCertificateVerifier"/>).
    /// Returns the certificate, the to-be-signed bytes and the signature.
    /// </summary>
    internal static Result<DecodedDeviceCertificate, Failure<DeviceCertificateError>> Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.IsEmpty || encoded.Length > MaxEncodedLength)
        {
            return Fail(DeviceCertificateError.Malformed, "The certificate is empty or too large.");
        }

        try
        {
            var outer = new CborReader(encoded, CborConformanceMode.Canonical);
            if (outer.ReadStartArray() != 2)
            {
                return Fail(DeviceCertificateError.Malformed, "The certificate is not a two-element array.");
            }

            var toBeSigned = outer.ReadByteString();
            var signature = outer.ReadByteString();
            outer.ReadEndArray();
            if (outer.BytesRemaining != 0 || signature.Length != DeviceKey.SignatureLength)
            {
                return Fail(DeviceCertificateError.Malformed, "Trailing bytes or a wrong signature length.");
            }

            var reader = new CborReader(toBeSigned, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 7)
            {
                return Fail(DeviceCertificateError.Malformed, "The signed part is not a seven-element array.");
            }

            if (reader.PeekState() != CborReaderState.UnsignedInteger || reader.ReadInt32() != FormatVersion)
            {
                return Fail(DeviceCertificateError.UnsupportedVersion, "Unsupported certificate version.");
            }

            var deviceId = reader.ReadTextString();
            var publicKey = reader.ReadByteString();
            var siteId = reader.ReadTextString();
            var validFrom = reader.ReadInt64();
            var validUntil = reader.ReadInt64();
            var count = reader.ReadStartArray();
            if (count is null or > MaxCapabilities)
            {
                return Fail(DeviceCertificateError.Malformed, "Too many capabilities.");
            }

            var capabilities = new string[count.Value];
            for (var i = 0; i < capabilities.Length; i++)
            {
                capabilities[i] = reader.ReadTextString();
                if (!CanonicalRequest.IsToken(capabilities[i], CanonicalRequest.MaxTokenLength))
                {
                    return Fail(DeviceCertificateError.Malformed, "A capability is not a valid token.");
                }
            }

            reader.ReadEndArray();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                return Fail(DeviceCertificateError.Malformed, "Trailing bytes in the signed part.");
            }

            if (!CanonicalRequest.IsToken(deviceId, CanonicalRequest.MaxTokenLength)
                || !CanonicalRequest.IsToken(siteId, CanonicalRequest.MaxTokenLength)
                || publicKey.Length != DeviceKey.PublicKeyLength
                || !IsUnixSeconds(validFrom) || !IsUnixSeconds(validUntil) || validUntil <= validFrom)
            {
                return Fail(DeviceCertificateError.Malformed, "A certificate field is out of range.");
            }

            var certificate = new DeviceCertificate
            {
                DeviceId = deviceId,
                PublicKey = publicKey,
                SiteId = siteId,
                ValidFrom = DateTimeOffset.FromUnixTimeSeconds(validFrom),
                ValidUntil = DateTimeOffset.FromUnixTimeSeconds(validUntil),
                Capabilities = capabilities,
                Encoded = encoded,
            };
            return new DecodedDeviceCertificate(certificate, toBeSigned, signature);
        }
        catch (Exception exception) when (exception is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return Fail(DeviceCertificateError.Malformed, "The certificate is not well-formed CBOR of the expected shape.");
        }
    }

    private static bool IsUnixSeconds(long value) =>
        value >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && value <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static Failure<DeviceCertificateError> Fail(DeviceCertificateError reason, string message) => new(reason, message);
}

/// <summary>A parsed but not yet verified certificate.</summary>
internal sealed record DecodedDeviceCertificate(DeviceCertificate Certificate, byte[] ToBeSigned, byte[] Signature);
