using System.Runtime.CompilerServices;

namespace EId.Biometrics.Gallery;

/// <summary>Scalar reference path for CPUs without AVX2, AVX-VNNI or AVX-512BW.</summary>
internal readonly struct Int8DotScalar : IInt8Dot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref byte row, ref sbyte probe, ref short probe16, nuint length)
    {
        var sum = 0;
        for (nuint i = 0; i < length; i++)
        {
            sum += Unsafe.Add(ref row, i) * Unsafe.Add(ref probe, i);
        }

        return sum;
    }
}
