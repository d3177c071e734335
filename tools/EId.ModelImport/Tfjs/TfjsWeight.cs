namespace EId.ModelImport.Tfjs;

/// <summary>A decoded weight tensor: float values (dequantised) or int32 values.</summary>
/// <param name="Name">Weight name (matches a <c>Const</c> node).</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Floats">Values when the weight is floating point (after float16 / min-scale dequantisation).</param>
/// <param name="Ints">Values when the weight is int32.</param>
public sealed record TfjsWeight(string Name, long[] Shape, float[]? Floats, int[]? Ints)
{
    /// <summary>Number of elements.</summary>
    public int Count => Floats?.Length ?? Ints!.Length;
}
