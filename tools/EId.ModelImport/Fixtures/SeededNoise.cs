namespace EId.ModelImport.Fixtures;

/// <summary>
/// Mulberry32, a 32-bit PRNG small enough to implement identically in C# and JavaScript
/// (tools/golden/golden.js has the twin), so fixture inputs need not be committed.
/// </summary>
public sealed class SeededNoise(uint seed)
{
    private uint _state = seed;

    /// <summary>The next 32-bit output.</summary>
    public uint NextUInt32()
    {
        unchecked
        {
            _state += 0x6D2B79F5;
            var t = _state;
            t = (t ^ (t >> 15)) * (t | 1);
            t ^= t + ((t ^ (t >> 7)) * (t | 61));
            return t ^ (t >> 14);
        }
    }

    /// <summary>A value in [0, 1) with 24 random bits (exact in float32 and double).</summary>
    public double NextUnit() => (NextUInt32() >> 8) / 16777216.0;

    /// <summary><paramref name="count"/> values uniform in [<paramref name="min"/>, <paramref name="max"/>), computed in double and rounded to float as the JS twin does.</summary>
    public float[] Fill(int count, double min, double max)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(min + ((max - min) * NextUnit()));
        }

        return values;
    }
}
