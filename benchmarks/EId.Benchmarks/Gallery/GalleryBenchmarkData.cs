using EId.Biometrics.Gallery;

namespace EId.Benchmarks.Gallery;

/// <summary>Shared setup for the gallery benchmarks: random unit vectors, sizes overridable by environment.</summary>
internal static class GalleryBenchmarkData
{
    /// <summary>Gallery sizes: <c>EID_GALLERY_N</c> (comma-separated) or 10k, 100k, 1M.</summary>
    public static IEnumerable<int> Sizes() => FromEnvironment("EID_GALLERY_N", [10_000, 100_000, 1_000_000]);

    /// <summary>Dimensions: <c>EID_GALLERY_D</c> or 192 and 512 (fr_feature).</summary>
    public static IEnumerable<int> Dimensions() => FromEnvironment("EID_GALLERY_D", [192, 512]);

    /// <summary>One thread, and every core when there is more than one.</summary>
    public static IEnumerable<int> Threads() => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    /// <summary>A gallery of <paramref name="n"/> random unit vectors, filled without per-template allocations.</summary>
    public static FaceGallery Fill(int n, int d, GalleryPrecision precision, int threads, GalleryKernel kernel = GalleryKernel.Auto)
    {
        var gallery = new FaceGallery(new FaceGalleryOptions
        {
            ModelId = "bench",
            Dimension = d,
            Precision = precision,
            Kernel = kernel,
            InitialCapacity = n,
            MaxDegreeOfParallelism = threads,
            ParallelThresholdBytes = threads == 1 ? long.MaxValue : 4L << 20,
        });
        var random = new Random(12345);
        var vector = new float[d];
        for (var i = 0; i < n; i++)
        {
            RandomUnit(random, vector);
            gallery.TryAdd($"s{i:x8}", vector).GetValueOrThrow();
        }

        return gallery;
    }

    /// <summary>A random unit vector (uniform components, normalised: enough for timing).</summary>
    public static void RandomUnit(Random random, Span<float> vector)
    {
        for (var j = 0; j < vector.Length; j++)
        {
            vector[j] = (random.NextSingle() * 2) - 1;
        }

        var scale = 1 / MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(vector));
        System.Numerics.Tensors.TensorPrimitives.Multiply(vector, scale, vector);
    }

    private static IEnumerable<int> FromEnvironment(string name, int[] defaults)
    {
        var text = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(text)
            ? defaults
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
    }
}
