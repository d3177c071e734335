using System.Text.Json;

namespace EId.Regulator.Web.Tests;

/// <summary>
/// Every string value and property name of a JSON document, decoded: the API escapes non-ASCII characters (<c>\u738B</c>),
/// so a raw-text search for a Chinese name would pass without proving anything.
/// </summary>
internal static class JsonText
{
    public static string Decoded(string json)
    {
        using var document = JsonDocument.Parse(json);
        var parts = new List<string>();
        Collect(document.RootElement, parts);
        return string.Join('\n', parts);
    }

    private static void Collect(JsonElement element, List<string> parts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    parts.Add(property.Name);
                    Collect(property.Value, parts);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, parts);
                }

                break;
            case JsonValueKind.String:
                parts.Add(element.GetString()!);
                break;
            default:
                parts.Add(element.GetRawText());
                break;
        }
    }
}
