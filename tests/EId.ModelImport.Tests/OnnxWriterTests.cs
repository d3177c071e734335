using EId.ModelImport.Onnx;
using EId.ModelImport.Protobuf;

namespace EId.ModelImport.Tests;

/// <summary>Hand-built ONNX models written by <see cref="OnnxWriter"/> load in ONNX Runtime and compute what they should.</summary>
public sealed class OnnxWriterTests
{
    [Fact]
    public void Add_with_initializer_runs_in_onnx_runtime()
    {
        var model = new OnnxModel(
            "add",
            [new OnnxNode("Add", "add", ["x", "bias"], ["y"], [])],
            [OnnxTensor.FromFloats("bias", [3], [10f, 20f, 30f])],
            [new OnnxValueInfo("x", OnnxDataType.Float, [null, 3])],
            [new OnnxValueInfo("y", OnnxDataType.Float, null)],
            17,
            new Dictionary<string, string> { ["source"] = "test" });
        var outputs = OrtRunner.Run(OnnxWriter.Serialize(model), "x", [1f, 2f, 3f, 4f, 5f, 6f], [2, 3]);
        Assert.Equal(new[] { 2, 3 }, outputs["y"].Shape);
        Assert.Equal(new[] { 11f, 22f, 33f, 14f, 25f, 36f }, outputs["y"].Values);
    }

    [Fact]
    public void Conv_with_attributes_runs_in_onnx_runtime()
    {
        // 1×1×3×3 input, 2×2 kernel of ones, stride 1, SAME_UPPER: the extra padding goes bottom/right.
        var model = new OnnxModel(
            "conv",
            [new OnnxNode("Conv", "conv", ["x", "w"], ["y"],
                [OnnxAttribute.Of("kernel_shape", new long[] { 2, 2 }), OnnxAttribute.Of("auto_pad", "SAME_UPPER"), OnnxAttribute.Of("strides", new long[] { 1, 1 })])],
            [OnnxTensor.FromFloats("w", [1, 1, 2, 2], [1f, 1f, 1f, 1f])],
            [new OnnxValueInfo("x", OnnxDataType.Float, [1, 1, 3, 3])],
            [new OnnxValueInfo("y", OnnxDataType.Float, null)],
            17,
            new Dictionary<string, string>());
        var outputs = OrtRunner.Run(OnnxWriter.Serialize(model), "x", [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
        Assert.Equal(new float[] { 12, 16, 9, 24, 28, 15, 15, 17, 9 }, outputs["y"].Values);
    }

    [Fact]
    public void Serialized_model_has_the_onnx_top_level_fields()
    {
        var model = new OnnxModel("g", [], [], [], [], 17, new Dictionary<string, string> { ["k"] = "v" });
        Assert.True(ProtoReader.TryReadFields(OnnxWriter.Serialize(model), out var fields));
        Assert.Equal((ulong)OnnxModel.IrVersion, fields.Single(f => f.Field == 1).Varint);
        Assert.Equal("EId.ModelImport", System.Text.Encoding.UTF8.GetString(fields.Single(f => f.Field == 2).Payload.Span));
        Assert.True(ProtoReader.TryReadFields(fields.Single(f => f.Field == 8).Payload, out var opset));
        Assert.Equal(17UL, opset.Single(f => f.Field == 2).Varint);
        Assert.Single(fields, f => f.Field == 14);
    }
}
