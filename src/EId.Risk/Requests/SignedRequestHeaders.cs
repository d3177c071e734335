using System.Buffers.Text;
using System.Globalization;
using EId.Risk.Devices;

namespace EId.Risk.Requests;

/// <summary>
/// Carries a <see cref="SignedRequest"/> in HTTP headers; the method, path and body travel as the
/// HTTP request itself. Binary values are base64url without padding.
/// </summary>
public static class SignedRequestHeaders
{
    /// <summary>The device id.</summary>
    public const string Device = "EId-Device";

    /// <summary>The signing time, Unix milliseconds.</summary>
    public const string Timestamp = "EId-Timestamp";

    /// <summary>The single-use nonce.</summary>
    public const string Nonce = "EId-Nonce";

    /// <summary>The Ed25519 signature over the canonical request, base64url.</summary>
    public const string Signature = "EId-Signature";

    /// <summary>The device certificate, base64url.</summary>
    public const string Certificate = "EId-Certificate";

    /// <summary>The headers for <paramref name="request"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Encode(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return
        [
            new(Device, request.DeviceId),
            new(Timestamp, request.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new(Nonce, request.Nonce),
            new(Signature, Base64Url.EncodeToString(request.Signature.Span)),
            new(Certificate, Base64Url.EncodeToString(request.Certificate.Span)),
        ];
    }

    /// <summary>
    /// Reads a signed request from an HTTP request's method, path, body and headers.
    /// <paramref name="header"/> returns a header's value by name (case-insensitive lookup is the caller's), or null.
    /// Never throws for bad input.
    /// </summary>
    public static Result<SignedRequest, Failure<SignedRequestHeaderError>> Parse(
        string method, string path, ReadOnlyMemory<byte> body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var device = header(Device);
        var timestamp = header(Timestamp);
        var nonce = header(Nonce);
        var signature = header(Signature);
        var certificate = header(Certificate);
        foreach (var (name, value) in new[] { (Device, device), (Timestamp, timestamp), (Nonce, nonce), (Signature, signature), (Certificate, certificate) })
        {
            if (string.IsNullOrEmpty(value))
            {
                return Fail(SignedRequestHeaderError.MissingHeader, $"Header {name} is missing.");
            }
        }

        device = device!.Trim();
        nonce = nonce!.Trim();
        if (!CanonicalRequest.IsToken(device, CanonicalRequest.MaxTokenLength))
        {
            return Fail(SignedRequestHeaderError.InvalidDevice, $"Header {Device} is not a valid device id.");
        }

        if (nonce.Length < CanonicalRequest.MinNonceLength || !CanonicalRequest.IsToken(nonce, CanonicalRequest.MaxTokenLength))
        {
            return Fail(SignedRequestHeaderError.InvalidNonce, $"Header {Nonce} is not a valid nonce.");
        }

        if (CanonicalRequest.Validate(method, path, device, nonce) is { } problem)
        {
            return Fail(SignedRequestHeaderError.InvalidTarget, $"The request target is not acceptable: {problem}.");
        }

        var text = timestamp!.Trim();
        if (text.Length is 0 or > 16 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return Fail(SignedRequestHeaderError.InvalidTimestamp, $"Header {Timestamp} is not Unix milliseconds.");
        }

        var signatureBytes = DecodeBase64Url(signature!, DeviceKey.SignatureLength);
        if (signatureBytes is null || signatureBytes.Length != DeviceKey.SignatureLength)
        {
            return Fail(SignedRequestHeaderError.InvalidSignature, $"Header {Signature} is not base64url of 64 bytes.");
        }

        var certificateBytes = DecodeBase64Url(certificate!, DeviceCertificate.MaxEncodedLength);
        if (certificateBytes is null || certificateBytes.Length == 0)
        {
            return Fail(SignedRequestHeaderError.InvalidCertificate, $"Header {Certificate} is not base64url of at most {DeviceCertificate.MaxEncodedLength} bytes.");
        }

        return new SignedRequest
        {
            Method = method,
            Path = path,
            Body = body,
            DeviceId = device,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            Nonce = nonce,
            Signature = signatureBytes,
            Certificate = certificateBytes,
        };
    }

    /// <summary>Reads a signed request from a header dictionary (looked up case-insensitively).</summary>
    public static Result<SignedRequest, Failure<SignedRequestHeaderError>> Parse(
        string method, string path, ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            lookup.TryAdd(name, value);
        }

        return Parse(method, path, body, name => lookup.GetValueOrDefault(name));
    }

    private static byte[]? DecodeBase64Url(string value, int maxBytes)
    {
        var text = value.Trim();
        if (text.Length > Base64Url.GetEncodedLength(maxBytes)
            || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            || !Base64Url.IsValid(text.AsSpan(), out var length) || length > maxBytes)
        {
            return null;
        }

        var bytes = new byte[length];

        // Only the canonical encoding is accepted (no stray bits in the last character), so one request has one header form.
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length
            && string.Equals(Base64Url.EncodeToString(bytes), text, StringComparison.Ordinal)
            ? bytes
            : null;
    }

    private static Failure<SignedRequestHeaderError> Fail(SignedRequestHeaderError reason, string message) => new(reason, message);
}
