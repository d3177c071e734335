namespace EId.Biometrics.Gallery;

/// <summary>
/// An int8 inner-product kernel. Rows hold codes offset by +128 (unsigned bytes) because the VNNI
/// instruction multiplies unsigned by signed bytes; the probe is signed. The kernel returns
/// Σ row[i]·probe[i], and the caller subtracts 128·Σ probe[i] once per query to get the signed dot.
/// Lengths are multiples of 64; the probe's padding is zero so row padding never contributes.
/// </summary>
internal interface IInt8Dot
{
    /// <summary>Σ row[i]·probe[i] in int32 (exact: at most 255·127·length).</summary>
    static abstract int Dot(ref byte row, ref sbyte probe, ref short probe16, nuint length);
}
