using System.Buffers.Binary;
using System.Text.Json;

namespace EId.ModelImport.Tfjs;

/// <summary>
/// Reads a TF.js graph model (<c>model.json</c> topology + weight manifest + binary shards).
/// Weights may be float32, int32, bool, float16, or uint8/uint16 quantised with min/scale.
/// Every malformed input gives a typed <see cref="ImportError"/>, never an exception.
/// </summary>
public static class TfjsModelReader
{
    // Guards against absurd shapes in hostile JSON before allocating.
    private const long MaxElements = 1L << 28;

    /// <summary>Reads <paramref name="jsonPath"/> and its shards (paths relative to the JSON's folder).</summary>
    public static Result<TfjsGraphModel, Failure<ImportError>> ReadFile(string jsonPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(jsonPath))!;
        return Read(File.ReadAllBytes(jsonPath), shard =>
        {
            var path = Path.GetFullPath(Path.Combine(folder, shard));
            return path.StartsWith(folder, StringComparison.Ordinal) && File.Exists(path) ? File.ReadAllBytes(path) : null;
        });
    }

    /// <summary>Parses model JSON; <paramref name="loadShard"/> returns a shard's bytes by manifest path, or null when missing.</summary>
    public static Result<TfjsGraphModel, Failure<ImportError>> Read(ReadOnlyMemory<byte> json, Func<string, byte[]?> loadShard)
    {
        ArgumentNullException.ThrowIfNull(loadShard);
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            return Fail(ImportError.MalformedJson, "Model JSON is not valid UTF-8.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return Fail(ImportError.MalformedJson, $"Model JSON is not valid JSON ({e.Message}).");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("modelTopology", out var topology) || topology.ValueKind != JsonValueKind.Object
                || !topology.TryGetProperty("node", out var nodeArray) || nodeArray.ValueKind != JsonValueKind.Array)
            {
                return Fail(ImportError.MalformedTopology, "Model JSON has no modelTopology.node array.");
            }

            var nodes = new List<TfjsNode>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in nodeArray.EnumerateArray())
            {
                if (n.ValueKind != JsonValueKind.Object
                    || !TryString(n, "name", out var name) || !TryString(n, "op", out var op))
                {
                    return Fail(ImportError.MalformedTopology, "A node lacks a string name or op.");
                }

                if (!names.Add(name))
                {
                    return Fail(ImportError.MalformedTopology, $"Node name '{name}' appears twice.");
                }

                var inputs = new List<string>();
                if (n.TryGetProperty("input", out var inputArray))
                {
                    if (inputArray.ValueKind != JsonValueKind.Array)
                    {
                        return Fail(ImportError.MalformedTopology, $"Node '{name}' has a non-array input.");
                    }

                    foreach (var i in inputArray.EnumerateArray())
                    {
                        if (i.ValueKind != JsonValueKind.String)
                        {
                            return Fail(ImportError.MalformedTopology, $"Node '{name}' has a non-string input.");
                        }

                        var reference = i.GetString()!;
                        if (!reference.StartsWith('^'))
                        {
                            inputs.Add(reference);
                        }
                    }
                }

                var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                if (n.TryGetProperty("attr", out var attr) && attr.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in attr.EnumerateObject())
                    {
                        attributes[p.Name] = p.Value.Clone();
                    }
                }

                nodes.Add(new TfjsNode(name, op, inputs, attributes));
            }

            var weights = ReadWeights(root, loadShard);
            if (!weights.TryGetValue(out var weightMap, out var weightError))
            {
                return weightError;
            }

            var outputs = new List<string>();
            if (root.TryGetProperty("signature", out var signature) && signature.ValueKind == JsonValueKind.Object
                && signature.TryGetProperty("outputs", out var sigOutputs) && sigOutputs.ValueKind == JsonValueKind.Object)
            {
                foreach (var o in sigOutputs.EnumerateObject())
                {
                    if (o.Value.ValueKind == JsonValueKind.Object && TryString(o.Value, "name", out var outName))
                    {
                        outputs.Add(outName);
                    }
                }
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in new[] { "format", "generatedBy", "convertedBy" })
            {
                if (TryString(root, key, out var value))
                {
                    metadata[key] = value;
                }
            }

            return new TfjsGraphModel(nodes, weightMap, outputs, metadata);
        }
    }

    private static Result<IReadOnlyDictionary<string, TfjsWeight>, Failure<ImportError>> ReadWeights(JsonElement root, Func<string, byte[]?> loadShard)
    {
        var weights = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
        if (!root.TryGetProperty("weightsManifest", out var manifest))
        {
            return weights;
        }

        if (manifest.ValueKind != JsonValueKind.Array)
        {
            return Fail(ImportError.MalformedTopology, "weightsManifest is not an array.");
        }

        foreach (var group in manifest.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object
                || !group.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array
                || !group.TryGetProperty("weights", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return Fail(ImportError.MalformedTopology, "A weightsManifest group lacks paths or weights.");
            }

            // Shards of one group are one buffer cut into files: concatenate them in order.
            using var data = new MemoryStream();
            foreach (var p in paths.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.String)
                {
                    return Fail(ImportError.MalformedTopology, "A shard path is not a string.");
                }

                var bytes = loadShard(p.GetString()!);
                if (bytes is null)
                {
                    return Fail(ImportError.WeightDataMismatch, $"Weight shard '{p.GetString()}' is missing.");
                }

                data.Write(bytes);
            }

            var buffer = data.ToArray();
            var offset = 0L;
            foreach (var entry in entries.EnumerateArray())
            {
                var decoded = DecodeWeight(entry, buffer, ref offset);
                if (!decoded.TryGetValue(out var weight, out var error))
                {
                    return error;
                }

                weights[weight.Name] = weight;
            }

            if (offset != buffer.Length)
            {
                return Fail(ImportError.WeightDataMismatch, $"Weight shards hold {buffer.Length} bytes but the manifest describes {offset}.");
            }
        }

        return weights;
    }

    private static Result<TfjsWeight, Failure<ImportError>> DecodeWeight(JsonElement entry, byte[] buffer, ref long offset)
    {
        if (entry.ValueKind != JsonValueKind.Object || !TryString(entry, "name", out var name) || !TryString(entry, "dtype", out var dtype)
            || !entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            return Fail(ImportError.MalformedTopology, "A weight entry lacks name, dtype or shape.");
        }

        var shape = new List<long>();
        long count = 1;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0 || dim > MaxElements)
            {
                return Fail(ImportError.MalformedTopology, $"Weight '{name}' has an invalid dimension.");
            }

            shape.Add(dim);
            count *= dim;
            if (count > MaxElements)
            {
                return Fail(ImportError.MalformedTopology, $"Weight '{name}' is implausibly large.");
            }
        }

        string? quantDtype = null;
        float min = 0, scale = 1;
        if (entry.TryGetProperty("quantization", out var q) && q.ValueKind == JsonValueKind.Object)
        {
            if (!TryString(q, "dtype", out var qd))
            {
                return Fail(ImportError.MalformedTopology, $"Weight '{name}' has a quantization without dtype.");
            }

            quantDtype = qd;
            if (qd is "uint8" or "uint16")
            {
                if (!q.TryGetProperty("min", out var minE) || minE.ValueKind != JsonValueKind.Number
                    || !q.TryGetProperty("scale", out var scaleE) || scaleE.ValueKind != JsonValueKind.Number)
                {
                    return Fail(ImportError.MalformedTopology, $"Weight '{name}' is {qd}-quantised without min/scale.");
                }

                min = minE.GetSingle();
                scale = scaleE.GetSingle();
            }
        }

        var elementSize = (quantDtype ?? dtype) switch
        {
            "float32" or "int32" => 4,
            "float16" or "uint16" => 2,
            "uint8" or "bool" => 1,
            _ => 0,
        };
        if (elementSize == 0)
        {
            return Fail(ImportError.UnsupportedDtype, $"Weight '{name}' has unsupported dtype '{quantDtype ?? dtype}'.");
        }

        if (dtype is not ("float32" or "int32" or "bool"))
        {
            return Fail(ImportError.UnsupportedDtype, $"Weight '{name}' has unsupported dtype '{dtype}'.");
        }

        var byteCount = count * elementSize;
        if (offset + byteCount > buffer.Length)
        {
            return Fail(ImportError.WeightDataMismatch, $"Weight '{name}' runs past the end of the shards.");
        }

        var start = (int)offset;
        offset += byteCount;
        var n = (int)count;
        var dims = shape.ToArray();

        if (dtype == "float32")
        {
            var floats = new float[n];
            for (var i = 0; i < n; i++)
            {
                floats[i] = Dequantise(buffer, start, i, quantDtype, min, scale);
            }

            return new TfjsWeight(name, dims, floats, null);
        }

        var ints = new int[n];
        for (var i = 0; i < n; i++)
        {
            ints[i] = quantDtype is null && dtype == "int32"
                ? BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(start + (i * 4)))
                : quantDtype is null ? buffer[start + i] : (int)MathF.Round(Dequantise(buffer, start, i, quantDtype, min, scale));
        }

        return new TfjsWeight(name, dims, null, ints);
    }

    private static float Dequantise(byte[] buffer, int start, int i, string? quantDtype, float min, float scale) => quantDtype switch
    {
        "uint8" => (buffer[start + i] * scale) + min,
        "uint16" => (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start + (i * 2))) * scale) + min,
        "float16" => (float)BinaryPrimitives.ReadHalfLittleEndian(buffer.AsSpan(start + (i * 2))),
        _ => BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(start + (i * 4))),
    };

    private static bool TryString(JsonElement e, string property, out string value)
    {
        if (e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String)
        {
            value = p.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static Failure<ImportError> Fail(ImportError reason, string message) => new(reason, message);
}
