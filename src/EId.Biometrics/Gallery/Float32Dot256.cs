using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EId.Biometrics.Gallery;

/// <summary>256-bit FMA, four accumulators.</summary>
internal readonly struct Float32Dot256 : IFloat32Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float row, ref float probe, nuint length)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 32 <= length; i += 32)
        {
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, i), Vector256.LoadUnsafe(ref probe, i), a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, i + 8), Vector256.LoadUnsafe(ref probe, i + 8), a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, i + 16), Vector256.LoadUnsafe(ref probe, i + 16), a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, i + 24), Vector256.LoadUnsafe(ref probe, i + 24), a3);
        }

        for (; i < length; i += 8)
        {
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, i), Vector256.LoadUnsafe(ref probe, i), a0);
        }

        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }
}
