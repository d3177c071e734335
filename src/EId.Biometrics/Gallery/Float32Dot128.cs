using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EId.Biometrics.Gallery;

/// <summary>128-bit portable path (SSE or Arm NEON); multiply-add without requiring FMA hardware.</summary>
internal readonly struct Float32Dot128 : IFloat32Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float row, ref float probe, nuint length)
    {
        var a0 = Vector128<float>.Zero;
        var a1 = Vector128<float>.Zero;
        var a2 = Vector128<float>.Zero;
        var a3 = Vector128<float>.Zero;
        for (nuint i = 0; i < length; i += 16)
        {
            a0 += Vector128.LoadUnsafe(ref row, i) * Vector128.LoadUnsafe(ref probe, i);
            a1 += Vector128.LoadUnsafe(ref row, i + 4) * Vector128.LoadUnsafe(ref probe, i + 4);
            a2 += Vector128.LoadUnsafe(ref row, i + 8) * Vector128.LoadUnsafe(ref probe, i + 8);
            a3 += Vector128.LoadUnsafe(ref row, i + 12) * Vector128.LoadUnsafe(ref probe, i + 12);
        }

        return Vector128.Sum((a0 + a1) + (a2 + a3));
    }
}
