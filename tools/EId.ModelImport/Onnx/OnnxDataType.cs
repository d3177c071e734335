namespace EId.ModelImport.Onnx;

/// <summary>ONNX <c>TensorProto.DataType</c> values the importer writes.</summary>
public enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,
}
