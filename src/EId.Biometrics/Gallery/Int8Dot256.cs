using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EId.Biometrics.Gallery;

/// <summary>AVX2: zero-extend 16 bytes to int16, then <c>vpmaddwd</c> with the int16 probe.</summary>
internal readonly struct Int8Dot256 : IInt8Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref byte row, ref sbyte probe, ref short probe16, nuint length)
    {
        var a0 = Vector256<int>.Zero;
        var a1 = Vector256<int>.Zero;
        for (nuint i = 0; i < length; i += 32)
        {
            a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i)), Vector256.LoadUnsafe(ref probe16, i));
            a1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i + 16)), Vector256.LoadUnsafe(ref probe16, i + 16));
        }

        return Vector256.Sum(a0 + a1);
    }
}
