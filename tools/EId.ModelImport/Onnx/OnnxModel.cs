namespace EId.ModelImport.Onnx;

/// <summary>An ONNX model: one graph, default-domain opset, and string metadata.</summary>
/// <param name="GraphName">Graph name.</param>
/// <param name="Nodes">Nodes in topological order.</param>
/// <param name="Initializers">Constant tensors.</param>
/// <param name="Inputs">Graph inputs (not including initializers).</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="Opset">Default-domain opset version.</param>
/// <param name="Metadata">Key/value metadata (provenance).</param>
public sealed record OnnxModel(
    string GraphName,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    int Opset,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The IR version written (8 pairs with opsets up to 18).</summary>
    public const long IrVersion = 8;
}
