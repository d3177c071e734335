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

    /// <summary>Serializer options: camelCase, enums as strings, NaN scores allowed, null refused where the contract says non-null.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
