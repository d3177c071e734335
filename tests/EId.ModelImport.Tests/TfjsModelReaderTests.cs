using System.Buffers.Binary;
using System.Text;
using EId.ModelImport.Conversion;
using EId.ModelImport.Onnx;
using EId.ModelImport.Tfjs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.ModelImport.Tests;

public sealed class TfjsModelReaderTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    // A tiny graph: y = relu(x * w + b), nodes deliberately listed outputs-first (not topological).
    private static string TinyModel(string wQuantization = "") => $$"""
        {
          "format": "graph-model",
          "modelTopology": { "node": [
            { "name": "y", "op": "Relu", "input": ["add"] },
            { "name": "add", "op": "AddV2", "input": ["mul", "b"] },
            { "name": "mul", "op": "Mul", "input": ["x", "w"] },
            { "name": "w", "op": "Const", "attr": { "dtype": { "type": "DT_FLOAT" } } },
            { "name": "b", "op": "Const", "attr": { "dtype": { "type": "DT_FLOAT" } } },
            { "name": "x", "op": "Placeholder", "attr": { "shape": { "shape": { "dim": [ { "size": "-1" }, { "size": "4" } ] } }, "padding": { "s": "{{B64("SAME")}}" } } }
          ] },
          "weightsManifest": [ { "paths": ["w.bin"], "weights": [
            { "name": "w", "shape": [4], "dtype": "float32"{{wQuantization}} },
            { "name": "b", "shape": [4], "dtype": "float32" }
          ] } ]
        }
        """;

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    private static Result<TfjsGraphModel, Failure<ImportError>> Read(string json, byte[] shard) =>
        TfjsModelReader.Read(Encoding.UTF8.GetBytes(json), p => p == "w.bin" ? shard : null);

    [Fact]
    public void Unordered_graph_converts_and_computes()
    {
        var model = Read(TinyModel(), [.. Floats(1, -2, 3, -4), .. Floats(0.5f, 0.5f, 0.5f, 0.5f)]).GetValueOrThrow();
        var onnx = OnnxWriter.Serialize(TfjsToOnnxConverter.Convert(model, "tiny").GetValueOrThrow());
        var y = OrtRunner.Run(onnx, "x", [1, 1, 1, 1], [1, 4])["y"].Values;
        Assert.Equal(new[] { 1.5f, 0f, 3.5f, 0f }, y);
    }

    [Fact]
    public void Uint8_min_scale_quantisation_is_dequantised()
    {
        var json = TinyModel(""", "quantization": { "dtype": "uint8", "min": -1.0, "scale": 0.5 }""");
        var model = Read(json, [0, 1, 2, 255, .. Floats(0, 0, 0, 0)]).GetValueOrThrow();
        Assert.Equal(new[] { -1f, -0.5f, 0f, 126.5f }, model.Weights["w"].Floats);
    }

    [Fact]
    public void Uint16_and_float16_quantisation_are_dequantised()
    {
        var u16 = Read(TinyModel(""", "quantization": { "dtype": "uint16", "min": 1.0, "scale": 0.25 }"""),
            [0, 0, 4, 0, 0, 1, 255, 255, .. Floats(0, 0, 0, 0)]).GetValueOrThrow();
        Assert.Equal(new[] { 1f, 2f, 65f, 16384.75f }, u16.Weights["w"].Floats);

        var halves = new byte[8];
        float[] expected = [1f, -2.5f, 0.099975586f, 65504f];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(i * 2), (Half)expected[i]);
        }

        var f16 = Read(TinyModel(""", "quantization": { "dtype": "float16" }"""), [.. halves, .. Floats(0, 0, 0, 0)]).GetValueOrThrow();
        Assert.Equal(expected, f16.Weights["w"].Floats);
    }

    [Fact]
    public void Short_or_long_shards_are_typed_errors()
    {
        Assert.Equal(ImportError.WeightDataMismatch, Read(TinyModel(), Floats(1, 2, 3)).Error!.Reason);
        Assert.Equal(ImportError.WeightDataMismatch, Read(TinyModel(), Floats(1, 2, 3, 4, 5, 6, 7, 8, 9)).Error!.Reason);
    }

    [Fact]
    public void Unsupported_op_is_named_with_its_node()
    {
        var json = TinyModel().Replace("\"op\": \"Relu\"", "\"op\": \"FancyOp\"", StringComparison.Ordinal);
        var model = Read(json, Floats(1, 2, 3, 4, 5, 6, 7, 8)).GetValueOrThrow();
        var error = TfjsToOnnxConverter.Convert(model, "tiny").Error!;
        Assert.Equal(ImportError.UnsupportedOp, error.Reason);
        Assert.Contains("'FancyOp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycles_and_dangling_inputs_are_typed_errors()
    {
        var cyclic = TinyModel()
            .Replace("\"input\": [\"x\", \"w\"]", "\"input\": [\"y\", \"w\"]", StringComparison.Ordinal)
            .Replace("{ \"name\": \"y\",", "{ \"name\": \"z\", \"op\": \"Identity\", \"input\": [\"y\"] },\n{ \"name\": \"y\",", StringComparison.Ordinal);
        Assert.Equal(ImportError.Cycle, TfjsToOnnxConverter.Convert(Read(cyclic, Floats(1, 2, 3, 4, 5, 6, 7, 8)).GetValueOrThrow(), "c").Error!.Reason);
        var dangling = TinyModel().Replace("\"input\": [\"x\", \"w\"]", "\"input\": [\"nowhere\", \"w\"]", StringComparison.Ordinal);
        Assert.Equal(ImportError.MissingInput, TfjsToOnnxConverter.Convert(Read(dangling, Floats(1, 2, 3, 4, 5, 6, 7, 8)).GetValueOrThrow(), "d").Error!.Reason);
    }

    [Fact]
    public void String_attributes_are_base64_decoded()
    {
        var model = Read(TinyModel(), Floats(1, 2, 3, 4, 5, 6, 7, 8)).GetValueOrThrow();
        Assert.Equal("SAME", model.Nodes.Single(n => n.Name == "x").GetString("padding"));
    }

    [Property(MaxTest = 200)]
    public Property Bit_flipped_or_truncated_models_give_typed_results(PositiveInt position, byte mask, bool truncate)
    {
        var json = Encoding.UTF8.GetBytes(TinyModel());
        var shard = Floats(1, 2, 3, 4, 5, 6, 7, 8);
        var at = position.Get % json.Length;
        var mutated = truncate ? json[..at] : json.ToArray();
        if (!truncate)
        {
            mutated[at] ^= (byte)(mask | 1);
        }

        var read = TfjsModelReader.Read(mutated, p => p == "w.bin" ? shard : null);
        if (read.TryGetValue(out var model, out _))
        {
            _ = TfjsToOnnxConverter.Convert(model, "m"); // must return, not throw
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Random_bytes_give_typed_errors(byte[] junk) =>
        (!TfjsModelReader.Read(junk, _ => null).IsSuccess || junk.Length > 0).ToProperty();
}
