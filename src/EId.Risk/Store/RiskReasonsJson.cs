using System.Buffers;
using System.Text.Json;

namespace EId.Risk.Store;

/// <summary>Reasons as a compact JSON array <c>[{"c":code,"d":detail,"s":source}]</c> (no reflection).</summary>
internal static class RiskReasonsJson
{
    public static string Write(IReadOnlyList<RiskReason> reasons)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (reasons.Count * 96));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var reason in reasons)
            {
                writer.WriteStartObject();
                writer.WriteString("c", reason.Code.Value);
                writer.WriteString("d", reason.Detail);
                writer.WriteString("s", reason.Source);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<RiskReason> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var reasons = new List<RiskReason>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            reasons.Add(new RiskReason(
                new RiskReasonCode(element.GetProperty("c").GetString() ?? string.Empty),
                element.GetProperty("d").GetString() ?? string.Empty,
                element.GetProperty("s").GetString() ?? string.Empty));
        }

        return reasons;
    }
}
