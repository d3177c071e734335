using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EId.Biometrics.Gallery;

/// <summary>AVX-VNNI: <c>vpdpbusd</c> multiplies 32 u8×s8 pairs and accumulates groups of four into int32.</summary>
internal readonly struct Int8DotVnni256 : IInt8Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref byte row, ref sbyte probe, ref short probe16, nuint length)
    {
        var a0 = Vector256<int>.Zero;
        var a1 = Vector256<int>.Zero;
        var a2 = Vector256<int>.Zero;
        var a3 = Vector256<int>.Zero;
        nuint i = 0;
        for (; i + 128 <= length; i += 128)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref row, i), Vector256.LoadUnsafe(ref probe, i));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref row, i + 32), Vector256.LoadUnsafe(ref probe, i + 32));
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.LoadUnsafe(ref row, i + 64), Vector256.LoadUnsafe(ref probe, i + 64));
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.LoadUnsafe(ref row, i + 96), Vector256.LoadUnsafe(ref probe, i + 96));
        }

        if (i < length)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref row, i), Vector256.LoadUnsafe(ref probe, i));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref row, i + 32), Vector256.LoadUnsafe(ref probe, i + 32));
        }

        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }
}
