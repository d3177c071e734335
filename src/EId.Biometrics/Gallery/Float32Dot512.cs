using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EId.Biometrics.Gallery;

/// <summary>512-bit FMA, four independent accumulators to hide FMA latency.</summary>
internal readonly struct Float32Dot512 : IFloat32Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float row, ref float probe, nuint length)
    {
        var a0 = Vector512<float>.Zero;
        var a1 = Vector512<float>.Zero;
        var a2 = Vector512<float>.Zero;
        var a3 = Vector512<float>.Zero;
        nuint i = 0;
        for (; i + 64 <= length; i += 64)
        {
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, i), Vector512.LoadUnsafe(ref probe, i), a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, i + 16), Vector512.LoadUnsafe(ref probe, i + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, i + 32), Vector512.LoadUnsafe(ref probe, i + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, i + 48), Vector512.LoadUnsafe(ref probe, i + 48), a3);
        }

        for (; i < length; i += 16)
        {
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, i), Vector512.LoadUnsafe(ref probe, i), a0);
        }

        return Vector512.Sum((a0 + a1) + (a2 + a3));
    }
}
