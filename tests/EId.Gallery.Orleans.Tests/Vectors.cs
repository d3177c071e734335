using EId.Biometrics.Gallery;
using EId.Faces;

namespace EId.Gallery.Orleans.Tests;

/// <summary>Deterministic templates and the single-gallery reference.</summary>
internal static class Vectors
{
    public const string Model = "test-model";

    public static string Id(int i) => $"subject-{i:D5}";

    public static FaceTemplate Template(float[] vector) => new(Model, vector);

    /// <summary>L2-normalised Gaussian vectors.</summary>
    public static float[][] Unit(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var v = new float[dimension];
            double norm = 0;
            for (var j = 0; j < dimension; j++)
            {
                // Box–Muller, one Gaussian per pair of uniforms: simple and enough here.
                v[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
                norm += v[j] * (double)v[j];
            }

            var inverse = (float)(1 / Math.Sqrt(Math.Max(norm, 1e-30)));
            for (var j = 0; j < dimension; j++)
            {
                v[j] *= inverse;
            }

            result[i] = v;
        }

        return result;
    }

    /// <summary>Components in −1..1: exact dot products, many ties (the id tie-break decides).</summary>
    public static float[][] Integer(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)random.Next(-1, 2)).ToArray())];
    }

    public static FaceGallery Single(int dimension, GalleryPrecision precision = GalleryPrecision.Float32) =>
        new(new FaceGalleryOptions { ModelId = Model, Dimension = dimension, Precision = precision });

    public static KeyValuePair<string, FaceTemplate>[] Entries(float[][] vectors, int first = 0) =>
        [.. vectors.Select((v, i) => KeyValuePair.Create(Id(first + i), Template(v)))];

    /// <summary>Same ids in the same order and the same scores within float tolerance.</summary>
    public static void AssertSameHits(IReadOnlyList<GalleryHit> expected, IReadOnlyList<GalleryHit> actual)
    {
        Assert.Equal(expected.Select(h => h.SubjectId), actual.Select(h => h.SubjectId));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score, 1e-5f);
        }
    }
}
