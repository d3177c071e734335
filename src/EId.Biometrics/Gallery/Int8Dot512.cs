using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EId.Biometrics.Gallery;

/// <summary>AVX-512BW: zero-extend 32 bytes to int16, then <c>vpmaddwd</c> with the int16 probe.</summary>
internal readonly struct Int8Dot512 : IInt8Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref byte row, ref sbyte probe, ref short probe16, nuint length)
    {
        var a0 = Vector512<int>.Zero;
        var a1 = Vector512<int>.Zero;
        for (nuint i = 0; i < length; i += 64)
        {
            a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref row, i)), Vector512.LoadUnsafe(ref probe16, i));
            a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref row, i + 32)), Vector512.LoadUnsafe(ref probe16, i + 32));
        }

        return Vector512.Sum(a0 + a1);
    }
}
