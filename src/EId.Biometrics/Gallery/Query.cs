namespace EId.Biometrics.Gallery;

/// <summary>A probe prepared once per search in the padded layouts the kernels read.</summary>
internal sealed class Query
{
    private Query(float[] float32, sbyte[] int8, short[] int16, float int8Scale, int int8Bias)
    {
        Float32 = float32;
        Int8 = int8;
        Int16 = int16;
        Int8Scale = int8Scale;
        Int8Bias = int8Bias;
    }

    /// <summary>The probe, zero-padded to the float32 row stride (empty when the gallery has no float32 rows).</summary>
    public float[] Float32 { get; }

    /// <summary>Signed codes, zero-padded to the int8 row stride (empty without int8 rows).</summary>
    public sbyte[] Int8 { get; }

    /// <summary>The same codes widened to int16, for the widening kernels.</summary>
    public short[] Int16 { get; }

    /// <summary>The probe's quantisation scale.</summary>
    public float Int8Scale { get; }

    /// <summary>128 · Σ codes: what the +128 row offset adds to every raw int8 dot.</summary>
    public int Int8Bias { get; }

    public static Query Prepare(ReadOnlySpan<float> probe, int stride32, int stride8, bool float32, bool int8)
    {
        var padded = float32 ? new float[stride32] : [];
        if (float32)
        {
            probe.CopyTo(padded);
        }

        if (!int8)
        {
            return new Query(padded, [], [], 0, 0);
        }

        var codes = new sbyte[stride8];
        var (scale, sum) = Int8Codec.EncodeSigned(probe, codes);
        var wide = new short[stride8];
        for (var i = 0; i < codes.Length; i++)
        {
            wide[i] = codes[i];
        }

        return new Query(padded, codes, wide, scale, sum * Int8Codec.Offset);
    }
}
