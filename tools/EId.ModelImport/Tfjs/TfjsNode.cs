using System.Text;
using System.Text.Json;

namespace EId.ModelImport.Tfjs;

/// <summary>One node of a TF.js graph model: op, name, inputs and raw attribute JSON.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Op">TensorFlow op name, e.g. <c>_FusedConv2D</c>.</param>
/// <param name="Inputs">Input references (<c>node</c>, <c>node:1</c>; control inputs <c>^node</c> removed).</param>
/// <param name="Attributes">Attribute values as JSON (<c>{"i": "1"}</c>, <c>{"s": base64}</c>, <c>{"list": …}</c>).</param>
public sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>A string attribute (TF.js stores strings base64-encoded); null when absent.</summary>
    public string? GetString(string name) =>
        Attributes.TryGetValue(name, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.String
            ? DecodeBase64(s.GetString()!)
            : null;

    /// <summary>A string-list attribute such as <c>fused_ops</c>; empty when absent.</summary>
    public IReadOnlyList<string> GetStrings(string name)
    {
        if (!TryGetList(name, out var list) || !list.TryGetProperty("s", out var s) || s.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => DecodeBase64(e.GetString()!)).ToArray();
    }

    /// <summary>An int-list attribute such as <c>strides</c>; null when absent.</summary>
    public IReadOnlyList<long>? GetInts(string name)
    {
        if (!TryGetList(name, out var list))
        {
            return null;
        }

        if (!list.TryGetProperty("i", out var i) || i.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var values = new List<long>();
        foreach (var e in i.EnumerateArray())
        {
            values.Add(ParseInt(e));
        }

        return values;
    }

    /// <summary>A bool attribute; <paramref name="fallback"/> when absent.</summary>
    public bool GetBool(string name, bool fallback = false) =>
        Attributes.TryGetValue(name, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("b", out var b)
            ? b.ValueKind == JsonValueKind.True
            : fallback;

    /// <summary>A float attribute; <paramref name="fallback"/> when absent.</summary>
    public float GetFloat(string name, float fallback = 0f) =>
        Attributes.TryGetValue(name, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("f", out var f) && f.ValueKind == JsonValueKind.Number
            ? f.GetSingle()
            : fallback;

    /// <summary>The dims of a <c>shape</c> attribute (−1 for unknown); null when absent.</summary>
    public IReadOnlyList<long>? GetShape(string name)
    {
        if (!Attributes.TryGetValue(name, out var a) || a.ValueKind != JsonValueKind.Object || !a.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!shape.TryGetProperty("dim", out var dims) || dims.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return dims.EnumerateArray()
            .Select(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("size", out var size) ? ParseInt(size) : -1L)
            .ToArray();
    }

    private bool TryGetList(string name, out JsonElement list)
    {
        list = default;
        return Attributes.TryGetValue(name, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("list", out list) && list.ValueKind == JsonValueKind.Object;
    }

    private static long ParseInt(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out var v) => v,
        JsonValueKind.String when long.TryParse(e.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) => v,
        _ => 0,
    };

    private static string DecodeBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : text;
    }
}
