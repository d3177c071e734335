using System.Buffers.Binary;

namespace EId.ModelImport.Onnx;

/// <summary>A constant tensor (an initializer) with little-endian raw data.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DataType">Element type.</param>
/// <param name="Dims">Shape.</param>
/// <param name="RawData">Little-endian element bytes.</param>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, long[] Dims, byte[] RawData)
{
    /// <summary>A float tensor.</summary>
    public static OnnxTensor FromFloats(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        return new OnnxTensor(name, OnnxDataType.Float, dims, raw);
    }

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor FromInt64(string name, long[] dims, ReadOnlySpan<long> values)
    {
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        return new OnnxTensor(name, OnnxDataType.Int64, dims, raw);
    }

    /// <summary>An int32 tensor.</summary>
    public static OnnxTensor FromInt32(string name, long[] dims, ReadOnlySpan<int> values)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        return new OnnxTensor(name, OnnxDataType.Int32, dims, raw);
    }
}
