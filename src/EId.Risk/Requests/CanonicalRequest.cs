using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EId.Risk.Requests;

/// <summary>
/// The exact bytes a device signs for a request: ASCII lines joined by <c>\n</c>:
/// <c>EId-Request-v1</c>, method, path, lower-case hex SHA-256 of the body, device id,
/// timestamp (Unix milliseconds), nonce. Every field is restricted to characters that cannot contain
/// the separator, so the encoding is unambiguous.
/// </summary>
public static class CanonicalRequest
{
    /// <summary>Longest device id, site id, capability or nonce.</summary>
    public const int MaxTokenLength = 128;

    /// <summary>Shortest nonce (16 characters of base64url carry 96 bits).</summary>
    public const int MinNonceLength = 16;

    /// <summary>Longest method name.</summary>
    public const int MaxMethodLength = 16;

    /// <summary>Longest path.</summary>
    public const int MaxPathLength = 2048;

    private const string Prefix = "EId-Request-v1\n";

    /// <summary>
    /// Checks the fields' syntax; returns null when they are well-formed, or a short reason otherwise
    /// (the reason never echoes the field values).
    /// </summary>
    public static string? Validate(string? method, string? path, string? deviceId, string? nonce)
    {
        if (method is null || method.Length is 0 or > MaxMethodLength || !method.All(char.IsAsciiLetterUpper))
        {
            return "method must be 1-16 upper-case ASCII letters";
        }

        if (path is null || path.Length is 0 or > MaxPathLength || path[0] != '/' || !path.All(c => c is > ' ' and < '\x7f'))
        {
            return "path must start with '/' and hold 1-2048 printable ASCII characters";
        }

        if (!IsToken(deviceId, MaxTokenLength))
        {
            return "device id must be a token of at most 128 characters";
        }

        if (nonce is null || nonce.Length < MinNonceLength || !IsToken(nonce, MaxTokenLength))
        {
            return "nonce must be a token of 16-128 characters";
        }

        return null;
    }

    /// <summary>Encodes the canonical request of <paramref name="request"/> (its signature and certificate are not part of it).</summary>
    /// <exception cref="ArgumentException">A field is malformed (see <see cref="Validate"/>).</exception>
    public static byte[] Encode(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Encode(request.Method, request.Path, request.Body.Span, request.DeviceId, request.Timestamp, request.Nonce);
    }

    /// <summary>Encodes the canonical request from its parts.</summary>
    /// <exception cref="ArgumentException">A field is malformed (see <see cref="Validate"/>).</exception>
    public static byte[] Encode(string method, string path, ReadOnlySpan<byte> body, string deviceId, DateTimeOffset timestamp, string nonce)
    {
        if (Validate(method, path, deviceId, nonce) is { } problem)
        {
            throw new ArgumentException($"Malformed request field: {problem}.");
        }

        var buffer = new byte[GetMaxLength(method, path, deviceId, nonce)];
        var written = Write(buffer, method, path, body, deviceId, timestamp, nonce);
        return buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Verifies <paramref name="request"/>'s signature with <paramref name="publicKey"/>; false when malformed or invalid.</summary>
    public static bool VerifySignature(SignedRequest request, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request.Method, request.Path, request.DeviceId, request.Nonce) is not null)
        {
            return false;
        }

        var length = GetMaxLength(request.Method, request.Path, request.DeviceId, request.Nonce);
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Write(buffer, request.Method, request.Path, request.Body.Span, request.DeviceId, request.Timestamp, request.Nonce);
            return Devices.DeviceKey.Verify(publicKey, buffer[..written], request.Signature.Span);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True when <paramref name="value"/> is 1..<paramref name="maxLength"/> characters of <c>A-Z a-z 0-9 . _ : -</c>.</summary>
    public static bool IsToken(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static int GetMaxLength(string method, string path, string deviceId, string nonce) =>
        Prefix.Length + method.Length + path.Length + (2 * SHA256.HashSizeInBytes) + deviceId.Length + 20 + nonce.Length + 6;

    private static int Write(Span<byte> buffer, string method, string path, ReadOnlySpan<byte> body, string deviceId, DateTimeOffset timestamp, string nonce)
    {
        var position = Encoding.ASCII.GetBytes(Prefix, buffer);
        position += WriteLine(buffer[position..], method);
        position += WriteLine(buffer[position..], path);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        Convert.TryToHexStringLower(hash, buffer[position..], out var hexLength);
        position += hexLength;
        buffer[position++] = (byte)'\n';
        position += WriteLine(buffer[position..], deviceId);
        timestamp.ToUnixTimeMilliseconds().TryFormat(buffer[position..], out var timeLength, default, CultureInfo.InvariantCulture);
        position += timeLength;
        buffer[position++] = (byte)'\n';
        position += Encoding.ASCII.GetBytes(nonce, buffer[position..]);
        return position;
    }

    private static int WriteLine(Span<byte> buffer, string value)
    {
        var length = Encoding.ASCII.GetBytes(value, buffer);
        buffer[length] = (byte)'\n';
        return length + 1;
    }
}
