using System.Text.Json;
using System.Text.Json.Serialization;

namespace EId.Postal.Courier;

/// <summary>The JSON contract between handheld and postal server (<see cref="HttpIntakeChannel"/> and the host's endpoint).</summary>
public static class PostalJson
{
    /// <summary>The relative path the host maps the intake endpoint to.</summary>
    public const string IntakePath = "postal/v1/intake";

    /// <summary>Where a handheld asks the postal server for an active-liveness challenge (device-signed, empty body).</summary>
    public const string ChallengePath = "postal/v1/challenge";

    /// <summary>Where the identity server sends signed verdicts to the postal server (three-host flow, S2).</summary>
    public const string VerdictPath = "postal/v1/verdict";

    /// <summary>Where a handheld sends its device-signed request to the identity server (three-host flow, S1).</summary>
    public const string IdentityCheckPath = "identity/v1/intake";

    /// <summary>The media type of intake requests and answers.</summary>
    public const string ContentType = "application/json";

    /// <summary>True when <paramref name="contentType"/> is <c>application/json</c> (UTF-8 or no charset).</summary>
    /// <param name="contentType">A <c>Content-Type</c> header value, or null.</param>
    /// <returns>Whether the body may be read as JSON.</returns>
    public static bool IsJsonMediaType(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, ContentType, StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>Serializer options: camelCase, enums as strings, NaN scores allowed, null refused where the contract says non-null.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
