using System.Text.Json;
using System.Text.Json.Serialization;
using EId.Credentials;
using EId.Risk;

namespace EId.Issuance.Remote;

/// <summary>
/// The JSON contract between a kiosk and the front system over HTTP: the request is the <see cref="IssuanceRequest"/>
/// itself (document, frames as base64, and the device-signed request whose body binds them), the answer an
/// <see cref="IssuanceAnswer"/>. Used by <see cref="HttpIssuer"/> and <see cref="IssuanceEndpoint"/>.
/// </summary>
public static class IssuanceJson
{
    /// <summary>The media type of requests and answers.</summary>
    public const string ContentType = "application/json";

    /// <summary>
    /// Whether a <c>Content-Type</c> header names JSON: <c>application/json</c>, with no charset or <c>utf-8</c> (JSON on the
    /// wire is UTF-8, RFC 8259). Hosts answer anything else with 415 before reading the body.
    /// </summary>
    /// <param name="contentType">The header value as sent; null when absent.</param>
    /// <returns>True for JSON.</returns>
    public static bool IsJsonMediaType(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, ContentType, StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>Serializer options: web defaults, enums as strings, nullable annotations and required parameters enforced.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The request as UTF-8 JSON.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The bytes.</returns>
    public static byte[] SerializeRequest(IssuanceRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, Options);

    /// <summary>Reads a request; null when the bytes are not a well-formed request.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The request, or null.</returns>
    public static IssuanceRequest? DeserializeRequest(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<IssuanceRequest>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The outcome as the answer's UTF-8 JSON.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The bytes.</returns>
    public static byte[] SerializeOutcome(IssuanceOutcome outcome) => JsonSerializer.SerializeToUtf8Bytes(IssuanceAnswer.From(outcome), Options);

    /// <summary>Reads an answer back into an outcome; null when the bytes are not a well-formed answer.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The outcome, or null.</returns>
    public static IssuanceOutcome? DeserializeOutcome(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<IssuanceAnswer>(json, Options)?.ToOutcome();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The wire form of an <see cref="IssuanceOutcome"/>: the credential (QR text, subject, metadata) or the refusal.</summary>
public sealed record IssuanceAnswer
{
    /// <summary>The request id answered.</summary>
    public required string RequestId { get; init; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset DecidedAt { get; init; }

    /// <summary>Whether the answer came from the issuer's journal (a retry).</summary>
    public bool FromJournal { get; init; }

    /// <summary>The credential, when issued.</summary>
    public IssuedCredential? Credential { get; init; }

    /// <summary>The refusing step, when refused.</summary>
    public IssuanceStep? RefusedAt { get; init; }

    /// <summary>The refusal's reasons, when refused.</summary>
    public IReadOnlyList<RiskReason>? Reasons { get; init; }

    /// <summary>Whether a refused request may succeed when retried later.</summary>
    public bool Retryable { get; init; }

    /// <summary>The answer for <paramref name="outcome"/>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The answer.</returns>
    public static IssuanceAnswer From(IssuanceOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new IssuanceAnswer
        {
            RequestId = outcome.RequestId,
            DecidedAt = outcome.DecidedAt,
            FromJournal = outcome.FromJournal,
            Credential = outcome.Credential,
            RefusedAt = outcome.Refusal?.Step,
            Reasons = outcome.Refusal?.Reasons,
            Retryable = outcome.Refusal?.Retryable ?? false,
        };
    }

    /// <summary>The outcome this answer carries; null when it carries neither a credential nor a refusal.</summary>
    /// <returns>The outcome, or null.</returns>
    public IssuanceOutcome? ToOutcome()
    {
        var outcome = (Credential, RefusedAt, Reasons) switch
        {
            ({ } credential, null, _) => IssuanceOutcome.Issued(RequestId, credential),
            (null, { } step, { } reasons) => IssuanceOutcome.Refused(RequestId, new IssuanceRefusal(step, reasons) { Retryable = Retryable }),
            _ => null,
        };
        return outcome is null ? null : outcome with { DecidedAt = DecidedAt, FromJournal = FromJournal };
    }

    /// <summary>Masked summary (the credential carries personal data).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Credential is null ? $"IssuanceAnswer({RequestId}, refused at {RefusedAt})" : $"IssuanceAnswer({RequestId}, {Credential})";
}
