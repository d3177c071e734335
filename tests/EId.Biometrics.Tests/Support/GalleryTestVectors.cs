using EId.Biometrics.Gallery;
using EId.Faces;

namespace EId.Biometrics.Tests.Support;

/// <summary>Deterministic test vectors and a brute-force reference for the gallery tests.</summary>
internal static class GalleryTestVectors
{
    public const string Model = "test-model";

    public static FaceGallery Create(int dimension, GalleryPrecision precision = GalleryPrecision.Float32, GalleryKernel kernel = GalleryKernel.Auto, long parallelThresholdBytes = 4L << 20) =>
        new(new FaceGalleryOptions { ModelId = Model, Dimension = dimension, Precision = precision, Kernel = kernel, ParallelThresholdBytes = parallelThresholdBytes });

    public static FaceTemplate Template(float[] vector) => new(Model, vector);

    /// <summary>L2-normalised Gaussian vectors (uniform on the sphere).</summary>
    public static float[][] UnitVectors(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var v = new float[dimension];
            double norm = 0;
            for (var j = 0; j < dimension; j += 2)
            {
                // Box–Muller: two Gaussians per pair of uniforms.
                var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
                var (sin, cos) = Math.SinCos(2 * Math.PI * random.NextDouble());
                v[j] = (float)(radius * cos);
                norm += v[j] * (double)v[j];
                if (j + 1 < dimension)
                {
                    v[j + 1] = (float)(radius * sin);
                    norm += v[j + 1] * (double)v[j + 1];
                }
            }

            var inverse = (float)(1 / Math.Sqrt(norm));
            for (var j = 0; j < dimension; j++)
            {
                v[j] *= inverse;
            }

            result[i] = v;
        }

        return result;
    }

    /// <summary>Small integer components: every dot product is exact in float32 whatever the summation order, and ties are common.</summary>
    public static float[][] IntegerVectors(int count, int dimension, int seed, int range = 2)
    {
        var random = new Random(seed);
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var v = new float[dimension];
            for (var j = 0; j < dimension; j++)
            {
                v[j] = random.Next(-range, range + 1);
            }

            result[i] = v;
        }

        return result;
    }

    public static string Id(int i) => $"subject-{i:D6}";

    /// <summary>Top k by score descending, then id ordinal ascending, with exact double accumulation.</summary>
    public static List<GalleryHit> BruteForce(IReadOnlyDictionary<string, float[]> enrolled, float[] probe, int k) =>
        [.. enrolled
            .Select(e => new GalleryHit(e.Key, (float)Dot(e.Value, probe)))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.SubjectId, StringComparer.Ordinal)
            .Take(k)];

    public static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
