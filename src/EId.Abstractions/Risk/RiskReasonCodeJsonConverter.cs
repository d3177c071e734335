using System.Text.Json;
using System.Text.Json.Serialization;

namespace EId.Risk;

/// <summary>Writes a <see cref="RiskReasonCode"/> as its plain string (<c>"subject.blacklisted"</c>) in JSON contracts.</summary>
public sealed class RiskReasonCodeJsonConverter : JsonConverter<RiskReasonCode>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The value is not a non-empty string.</exception>
    public override RiskReasonCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } value
            ? new RiskReasonCode(value)
            : throw new JsonException("A reason code is a non-empty string.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RiskReasonCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
