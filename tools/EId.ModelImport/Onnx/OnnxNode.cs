namespace EId.ModelImport.Onnx;

/// <summary>A graph node (default ONNX domain).</summary>
/// <param name="OpType">Operator, e.g. <c>Conv</c>.</param>
/// <param name="Name">Node name (unique in the graph).</param>
/// <param name="Inputs">Input tensor names.</param>
/// <param name="Outputs">Output tensor names.</param>
/// <param name="Attributes">Attributes.</param>
public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);
