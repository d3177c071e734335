namespace EId.ModelImport.Onnx;

/// <summary>A graph input or output: name, element type and shape (a null dimension is symbolic, named "batch").</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DataType">Element type.</param>
/// <param name="Shape">Dimensions (null entry: symbolic batch); null shape: unknown rank.</param>
public sealed record OnnxValueInfo(string Name, OnnxDataType DataType, IReadOnlyList<long?>? Shape);
