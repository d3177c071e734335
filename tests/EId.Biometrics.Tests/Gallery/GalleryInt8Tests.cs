using EId.Biometrics.Gallery;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EId.Biometrics.Tests.Support.GalleryTestVectors;

namespace EId.Biometrics.Tests.Gallery;

public sealed class GalleryInt8Tests
{
    private static readonly GalleryKernel[] Int8Kernels = [GalleryKernel.Portable, GalleryKernel.Vector256, GalleryKernel.Vector256Vnni, GalleryKernel.Vector512];

    /// <summary>
    /// Recall@10 against exact float32 search: N = 10,000 random unit vectors, d = 512, 100 random unit probes.
    /// Random vectors are the worst case (the 10th and 11th scores differ by about 1e-3, the int8 error is about
    /// 5e-4): plain int8 measures 0.974 here (0.982 at N = 20,000), so the 0.99 target is met by the re-ranked mode, which scans the same
    /// int8 codes and re-scores the best 4k exactly.
    /// </summary>
    [Fact]
    public void Int8_recall_at_10_against_float32_on_random_unit_vectors()
    {
        const int n = 10_000;
        const int d = 512;
        const int queries = 100;
        var vectors = UnitVectors(n + queries, d, seed: 42);
        using var exact = Create(d, parallelThresholdBytes: 0);
        using var int8 = Create(d, GalleryPrecision.Int8, parallelThresholdBytes: 0);
        using var reranked = Create(d, GalleryPrecision.Int8Reranked, parallelThresholdBytes: 0);
        for (var i = 0; i < n; i++)
        {
            exact.Add(Id(i), Template(vectors[i]));
            int8.Add(Id(i), Template(vectors[i]));
            reranked.Add(Id(i), Template(vectors[i]));
        }

        var found = new int[2];
        for (var q = n; q < n + queries; q++)
        {
            var probe = Template(vectors[q]);
            var truth = exact.Search(probe, 10).Select(h => h.SubjectId).ToHashSet(StringComparer.Ordinal);
            found[0] += int8.Search(probe, 10).Count(h => truth.Contains(h.SubjectId));
            found[1] += reranked.Search(probe, 10).Count(h => truth.Contains(h.SubjectId));
        }

        var recall = found.Select(f => f / (double)(queries * 10)).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"recall@10 (N={n}, d={d}): int8 {recall[0]:F4}, int8 re-ranked {recall[1]:F4}");
        Assert.True(recall[0] >= 0.96, $"int8 recall@10 {recall[0]:F4} < 0.96");
        Assert.True(recall[1] >= 0.99, $"re-ranked int8 recall@10 {recall[1]:F4} < 0.99");
    }

    [Property(MaxTest = 40)]
    public Property Every_int8_kernel_gives_the_same_hits_as_the_scalar_reference(int seed) =>
        Prop.ForAll(
            Gen.Choose(1, 200).Zip(Gen.Choose(1, 300)).ToArbitrary(),
            t =>
            {
                var (n, d) = t;
                var vectors = UnitVectors(n + 1, d, seed);
                var results = Int8Kernels.Select(kernel =>
                {
                    using var gallery = Create(d, GalleryPrecision.Int8, kernel);
                    for (var i = 0; i < n; i++)
                    {
                        gallery.Add(Id(i), Template(vectors[i]));
                    }

                    return gallery.Search(Template(vectors[n]), 7);
                }).ToList();
                return results.All(r => r.SequenceEqual(results[0]));
            });

    [Fact]
    public void Int8_scores_approximate_the_exact_cosine()
    {
        var vectors = UnitVectors(500, 512, seed: 5);
        using var gallery = Create(512, GalleryPrecision.Int8);
        for (var i = 0; i < 499; i++)
        {
            gallery.Add(Id(i), Template(vectors[i]));
        }

        foreach (var hit in gallery.Search(Template(vectors[499]), 20))
        {
            var index = int.Parse(hit.SubjectId.AsSpan("subject-".Length), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Dot(vectors[index], vectors[499]), hit.Score, 3e-3);
        }

        Assert.Equal(1f, gallery.Search(Template(vectors[3]), 1)[0].Score, 1e-2f);
    }

    [Fact]
    public void Int8_handles_a_zero_vector_and_removal()
    {
        using var gallery = Create(64, GalleryPrecision.Int8Reranked);
        var v = UnitVectors(3, 64, seed: 9);
        gallery.Add("zero", Template(new float[64]));
        gallery.Add("a", Template(v[0]));
        gallery.Add("b", Template(v[1]));
        Assert.True(gallery.Remove("a"));
        var hits = gallery.Search(Template(v[1]), 5);
        Assert.Equal(["b", "zero"], hits.Select(h => h.SubjectId));
        Assert.Equal(1f, hits[0].Score, 1e-5f);
        Assert.Equal(0f, hits[1].Score);
    }
}
