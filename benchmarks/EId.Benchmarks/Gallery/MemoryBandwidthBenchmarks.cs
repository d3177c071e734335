using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace EId.Benchmarks.Gallery;

/// <summary>
/// Memory-bandwidth probe: sums a large float array (as big as the 1M × 512 float32 gallery by default) with
/// Vector256 and Vector512, on one thread and on all cores. The gallery targets ≥ 80% of this figure.
/// </summary>
[Config(typeof(GalleryBenchmarkConfig))]
public class MemoryBandwidthBenchmarks
{
    private float[] _data = null!;

    /// <summary>Array size in MiB (<c>EID_BANDWIDTH_MB</c>, default 2048 = 1M × 512 float32).</summary>
    [ParamsSource(nameof(Sizes))]
    public int Megabytes { get; set; }

    /// <summary>Threads summing disjoint slices.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> Sizes() =>
        [int.TryParse(Environment.GetEnvironmentVariable("EID_BANDWIDTH_MB"), out var mb) && mb > 0 ? mb : 2048];

    public static IEnumerable<int> ThreadCounts() => GalleryBenchmarkData.Threads();

    [GlobalSetup]
    public void Setup()
    {
        _data = GC.AllocateUninitializedArray<float>(checked((int)(Megabytes * 1048576L / sizeof(float))), pinned: true);
        _data.AsSpan().Fill(1f / 1024); // touch every page
    }

    [Benchmark(Baseline = true)]
    public float Sum256() => Run(Sum256);

    [Benchmark]
    public float Sum512() => Run(Sum512);

    private float Run(Func<int, int, float> sum)
    {
        if (Threads == 1)
        {
            return sum(0, _data.Length);
        }

        var partials = new float[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var start = (int)((long)_data.Length * t / Threads) & ~63;
            var end = t == Threads - 1 ? _data.Length : (int)((long)_data.Length * (t + 1) / Threads) & ~63;
            partials[t] = sum(start, end);
        });
        return partials.Sum();
    }

    private float Sum256(int start, int end)
    {
        ref var p = ref MemoryMarshal.GetArrayDataReference(_data);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var i = (nuint)start;
        for (; i + 32 <= (nuint)end; i += 32)
        {
            a0 += Vector256.LoadUnsafe(ref p, i);
            a1 += Vector256.LoadUnsafe(ref p, i + 8);
            a2 += Vector256.LoadUnsafe(ref p, i + 16);
            a3 += Vector256.LoadUnsafe(ref p, i + 24);
        }

        return Vector256.Sum((a0 + a1) + (a2 + a3)) + Tail(ref p, i, end);
    }

    private float Sum512(int start, int end)
    {
        ref var p = ref MemoryMarshal.GetArrayDataReference(_data);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var i = (nuint)start;
        for (; i + 64 <= (nuint)end; i += 64)
        {
            a0 += Vector512.LoadUnsafe(ref p, i);
            a1 += Vector512.LoadUnsafe(ref p, i + 16);
            a2 += Vector512.LoadUnsafe(ref p, i + 32);
            a3 += Vector512.LoadUnsafe(ref p, i + 48);
        }

        return Vector512.Sum((a0 + a1) + (a2 + a3)) + Tail(ref p, i, end);
    }

    private static float Tail(ref float p, nuint i, int end)
    {
        var sum = 0f;
        for (; i < (nuint)end; i++)
        {
            sum += Unsafe.Add(ref p, i);
        }

        return sum;
    }
}
