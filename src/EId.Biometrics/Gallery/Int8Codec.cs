using System.Numerics.Tensors;

namespace EId.Biometrics.Gallery;

/// <summary>
/// Symmetric per-vector int8 quantisation: scale = max|x| / 127, code = round(x / scale) in [-127, 127].
/// Gallery rows store code + 128 as unsigned bytes (see <see cref="IInt8Dot"/>).
/// </summary>
internal static class Int8Codec
{
    /// <summary>The offset that turns a signed code into the stored unsigned byte.</summary>
    public const int Offset = 128;

    /// <summary>Encodes <paramref name="vector"/> into offset codes; returns the scale (0 for an all-zero vector).</summary>
    public static float Encode(ReadOnlySpan<float> vector, Span<byte> codes)
    {
        var maxAbs = vector.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(vector);
        maxAbs = Math.Abs(maxAbs);
        if (maxAbs == 0)
        {
            codes[..vector.Length].Fill(Offset);
            return 0;
        }

        var inverse = 127f / maxAbs;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (byte)(Quantize(vector[i], inverse) + Offset);
        }

        return maxAbs / 127f;
    }

    /// <summary>Encodes <paramref name="vector"/> into signed codes; returns the scale and Σ codes.</summary>
    public static (float Scale, int Sum) EncodeSigned(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var maxAbs = vector.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (maxAbs == 0)
        {
            codes[..vector.Length].Clear();
            return (0, 0);
        }

        var inverse = 127f / maxAbs;
        var sum = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            var code = Quantize(vector[i], inverse);
            codes[i] = (sbyte)code;
            sum += code;
        }

        return (maxAbs / 127f, sum);
    }

    private static int Quantize(float value, float inverse) => Math.Clamp((int)MathF.Round(value * inverse), -127, 127);
}
