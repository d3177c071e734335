namespace EId.Biometrics.Gallery;

/// <summary>A float32 inner-product kernel over rows padded to a multiple of 16 floats.</summary>
internal interface IFloat32Dot
{
    /// <summary>Σ row[i]·probe[i] for i &lt; <paramref name="length"/> (a multiple of 16).</summary>
    static abstract float Dot(ref float row, ref float probe, nuint length);
}
