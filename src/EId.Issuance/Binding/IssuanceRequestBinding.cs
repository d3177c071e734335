using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EId.Documents;
using EId.Faces;

namespace EId.Issuance.Binding;

/// <summary>
/// The body a kiosk signs for an issuance request: the request id and a SHA-256 digest over the document
/// and every live frame. The gateway checks the signature over the body; the issuer checks that the body
/// matches the document and frames it received, so a valid signature cannot be reused for other data.
/// </summary>
public static class IssuanceRequestBinding
{
    /// <summary>The HTTP method the request is signed for.</summary>
    public const string Method = "POST";

    /// <summary>The path the request is signed for.</summary>
    public const string Path = "/v1/eid/issue";

    private const int Version = 1;
    private static readonly byte[] Domain = "EId.Issuance.RequestBinding.v1"u8.ToArray();

    /// <summary>The body to sign for a request.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="document">The document read.</param>
    /// <param name="capture">The live frames.</param>
    /// <returns>UTF-8 JSON: <c>{"v":1,"requestId":…,"payload":base64url(SHA-256)}</c>.</returns>
    public static byte[] CreateBody(string requestId, IdentityDocument document, FaceCapture capture)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var digest = PayloadDigest(requestId, document, capture);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("requestId", requestId);
            writer.WriteString("payload", digest);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Whether the signed body, method and path of <paramref name="request"/> bind exactly its id, document and frames.</summary>
    /// <param name="request">The request.</param>
    /// <returns>True when bound.</returns>
    public static bool Matches(IssuanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Signed.Method != Method || request.Signed.Path != Path)
        {
            return false;
        }

        var expected = CreateBody(request.RequestId, request.Document, request.Capture);
        return request.Signed.Body.Span.SequenceEqual(expected);
    }

    /// <summary>The base64url SHA-256 digest over the request id, the document fields and portrait, and every frame.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="document">The document.</param>
    /// <param name="capture">The frames.</param>
    /// <returns>The digest (43 characters).</returns>
    public static string PayloadDigest(string requestId, IdentityDocument document, FaceCapture capture)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(capture);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Field(hash, Domain);
        Text(hash, requestId);
        Text(hash, document.Kind.ToString());
        Text(hash, document.IdNumber);
        Text(hash, document.DocumentNumber);
        Text(hash, document.FullName);
        Text(hash, document.Gender.ToString());
        Text(hash, document.BirthDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Text(hash, document.Nationality);
        Text(hash, document.Ethnicity);
        Text(hash, document.Address);
        Text(hash, document.IssuingAuthority);
        Text(hash, document.ValidFrom?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Text(hash, document.ValidUntil?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Field(hash, document.Portrait is { } portrait ? portrait.Data.Span : default);
        Number(hash, capture.Frames.Count);
        foreach (var frame in capture.Frames)
        {
            Number(hash, frame.Offset.Ticks);
            Number(hash, frame.Raw is null ? 0 : 1);
            if (frame.Raw is { } raw)
            {
                Number(hash, raw.Width);
                Number(hash, raw.Height);
                Number(hash, raw.Stride);
                Number(hash, (int)raw.Format);
            }

            Field(hash, frame.Data.Span);
        }

        Text(hash, capture.ChallengeId);
        return Base64Url.EncodeToString(hash.GetHashAndReset());
    }

    private static void Text(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            Number(hash, -1);
            return;
        }

        Field(hash, Encoding.UTF8.GetBytes(value));
    }

    // Length-prefixed so that no two different field sequences hash the same bytes.
    private static void Field(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Number(hash, value.Length);
        hash.AppendData(value);
    }

    private static void Number(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }
}
