using EId.Biometrics.Gallery;
using EId.Faces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EId.Biometrics.Tests.Support.GalleryTestVectors;

namespace EId.Biometrics.Tests.Gallery;

public sealed class GalleryTests
{
    public static TheoryData<GalleryKernel> FloatKernels => [GalleryKernel.Auto, GalleryKernel.Portable, GalleryKernel.Vector256, GalleryKernel.Vector512];

    [Property(MaxTest = 60)]
    public Property Float32_top_k_equals_brute_force_including_ties_removals_and_k_above_n(int seed) =>
        Prop.ForAll(
            Gen.Choose(0, 300).Zip(Gen.Choose(1, 70)).Zip(Gen.Choose(0, 12)).Zip(Gen.Elements(GalleryKernel.Auto, GalleryKernel.Portable, GalleryKernel.Vector256, GalleryKernel.Vector512)).ToArbitrary(),
            t =>
            {
                var (((n, d), kExtra), kernel) = t;
                var vectors = IntegerVectors(n + 3, d, seed);
                using var gallery = Create(d, kernel: kernel, parallelThresholdBytes: seed % 2 == 0 ? 0 : long.MaxValue);
                var enrolled = new Dictionary<string, float[]>();
                for (var i = 0; i < n; i++)
                {
                    gallery.Add(Id(i), Template(vectors[i]));
                    enrolled[Id(i)] = vectors[i];
                }

                // Remove every third subject (exercises swap-with-last) and replace one.
                for (var i = 0; i < n; i += 3)
                {
                    Assert.True(gallery.Remove(Id(i)));
                    enrolled.Remove(Id(i));
                }

                if (n > 1)
                {
                    gallery.Add(Id(1), Template(vectors[n + 1]));
                    enrolled[Id(1)] = vectors[n + 1];
                }

                var k = Math.Max(0, enrolled.Count - 6) + kExtra; // sometimes k > N
                var probe = vectors[n + 2];
                var expected = BruteForce(enrolled, probe, k);
                var actual = gallery.Search(Template(probe), k);
                return gallery.Count == enrolled.Count && expected.SequenceEqual(actual);
            });

    [Theory]
    [MemberData(nameof(FloatKernels))]
    public void Float32_scores_match_brute_force_on_unit_vectors(GalleryKernel kernel)
    {
        const int n = 1500;
        const int d = 192;
        var vectors = UnitVectors(n + 20, d, seed: 7);
        using var gallery = Create(d, kernel: kernel, parallelThresholdBytes: 0);
        var enrolled = new Dictionary<string, float[]>();
        for (var i = 0; i < n; i++)
        {
            gallery.Add(Id(i), Template(vectors[i]));
            enrolled[Id(i)] = vectors[i];
        }

        for (var q = n; q < n + 20; q++)
        {
            var expected = BruteForce(enrolled, vectors[q], 10);
            var actual = gallery.Search(Template(vectors[q]), 10);
            Assert.Equal(10, actual.Count);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 1e-5f);
                var separated = (i == 0 || expected[i - 1].Score - expected[i].Score > 1e-4) && (i == 9 || expected[i].Score - expected[i + 1].Score > 1e-4);
                if (separated)
                {
                    Assert.Equal(expected[i].SubjectId, actual[i].SubjectId);
                }
            }
        }
    }

    [Fact]
    public void Enrolled_template_is_its_own_best_match_with_score_one()
    {
        var vectors = UnitVectors(50, 512, seed: 3);
        using var gallery = Create(512);
        for (var i = 0; i < vectors.Length; i++)
        {
            gallery.Add(Id(i), Template(vectors[i]));
        }

        var hits = gallery.Search(Template(vectors[17]), 3);
        Assert.Equal(Id(17), hits[0].SubjectId);
        Assert.Equal(1f, hits[0].Score, 1e-5f);
        Assert.True(hits[1].Score < 0.5f);
    }

    [Fact]
    public void Add_remove_replace_semantics()
    {
        var v = IntegerVectors(4, 8, seed: 1);
        using var gallery = Create(8);
        Assert.Equal(GalleryChange.Added, gallery.TryAdd("a", Template(v[0])).Value);
        Assert.Equal(GalleryChange.Added, gallery.TryAdd("b", Template(v[1])).Value);
        Assert.Equal(2, gallery.Count);

        Assert.Equal(GalleryChange.Replaced, gallery.TryAdd("a", Template(v[2])).Value);
        Assert.Equal(2, gallery.Count);
        var top = gallery.Search(Template(v[2]), 1)[0];
        Assert.Equal("a", top.SubjectId);
        Assert.Equal((float)Dot(v[2], v[2]), top.Score);

        Assert.True(gallery.Remove("a"));
        Assert.False(gallery.Remove("a"));
        Assert.False(gallery.Contains("a"));
        Assert.True(gallery.Contains("b"));
        Assert.Equal(1, gallery.Count);
        Assert.Equal(["b"], gallery.Search(Template(v[2]), 5).Select(h => h.SubjectId));

        Assert.True(gallery.Remove("b"));
        Assert.Empty(gallery.Search(Template(v[2]), 5));
        Assert.Empty(gallery.Search(Template(v[2]), 0));
    }

    [Fact]
    public void Dimension_and_model_mismatch_are_clear_errors()
    {
        using var gallery = Create(8);
        var wrongDimension = gallery.TryAdd("a", Template(new float[7]));
        Assert.False(wrongDimension.IsSuccess);
        Assert.Equal(GalleryError.DimensionMismatch, wrongDimension.Error.Reason);
        Assert.Contains("7", wrongDimension.Error.Message, StringComparison.Ordinal);

        var wrongModel = gallery.TryAdd("a", new FaceTemplate("other-model", new float[8]));
        Assert.Equal(GalleryError.ModelMismatch, wrongModel.Error!.Reason);
        Assert.Contains("other-model", wrongModel.Error.Message, StringComparison.Ordinal);

        Assert.Equal(GalleryError.ModelMismatch, gallery.TrySearch(new FaceTemplate("other-model", new float[8]), 1).Error!.Reason);
        Assert.Equal(GalleryError.DimensionMismatch, gallery.TrySearch(Template(new float[9]), 1).Error!.Reason);

        var thrown = Assert.Throws<ArgumentException>(() => gallery.Add("a", Template(new float[7])));
        Assert.Contains(nameof(GalleryError.DimensionMismatch), thrown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => gallery.Search(new FaceTemplate("other-model", new float[8]), 1));
        Assert.Equal(0, gallery.Count);
    }

    [Fact]
    public async Task Invalid_options_are_refused_with_every_problem_when_a_gallery_is_created_or_loaded()
    {
        var bad = new FaceGalleryOptions { ModelId = " ", Dimension = 0, RerankFactor = 0 };

        var created = Assert.Throws<ArgumentException>(() => new FaceGallery(bad));
        var loaded = await Assert.ThrowsAsync<ArgumentException>(() => FaceGallery.LoadAsync(new MemoryStream(), bad, cancellationToken: TestContext.Current.CancellationToken));

        foreach (var error in new[] { created, loaded })
        {
            Assert.Equal("options", error.ParamName);
            Assert.Contains("ModelId", error.Message, StringComparison.Ordinal);
            Assert.Contains("Dimension", error.Message, StringComparison.Ordinal);
            Assert.Contains("RerankFactor", error.Message, StringComparison.Ordinal);
        }

        using var valid = new FaceGallery(new FaceGalleryOptions { ModelId = "m", Dimension = 8 });
        Assert.Equal(0, valid.Count);
    }

    [Fact]
    public void Non_finite_templates_and_raw_id_numbers_are_refused()
    {
        using var gallery = Create(4);
        Assert.Equal(GalleryError.InvalidTemplate, gallery.TryAdd("a", Template([1, float.NaN, 0, 0])).Error!.Reason);
        Assert.Equal(GalleryError.InvalidTemplate, gallery.TrySearch(Template([1, float.PositiveInfinity, 0, 0]), 1).Error!.Reason);
        Assert.Equal(GalleryError.InvalidSubjectId, gallery.TryAdd("11010519491231002X", Template([1, 0, 0, 0])).Error!.Reason);
        Assert.Equal(GalleryError.InvalidSubjectId, gallery.TryAdd("110105491231002", Template([1, 0, 0, 0])).Error!.Reason);
        Assert.Equal(GalleryError.InvalidSubjectId, gallery.TryAdd(string.Empty, Template([1, 0, 0, 0])).Error!.Reason);
        Assert.Equal(GalleryError.InvalidSubjectId, gallery.TryAdd(new string('x', 256), Template([1, 0, 0, 0])).Error!.Reason);
        Assert.True(gallery.TryAdd("Zm9vYmFyLXBzZXVkb255bQ", Template([1, 0, 0, 0])).IsSuccess);
        Assert.Equal(1, gallery.Count);
    }

    [Fact]
    public void ToString_never_prints_subject_ids()
    {
        using var gallery = Create(4);
        gallery.Add("secret-pseudonym", Template([1, 0, 0, 0]));
        Assert.DoesNotContain("secret", gallery.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 templates", gallery.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Growth_keeps_every_template_and_the_span_api_matches_the_list_api()
    {
        const int n = 1000; // past several doublings from the 64-row start
        var vectors = UnitVectors(n, 32, seed: 11);
        using var gallery = Create(32);
        for (var i = 0; i < n; i++)
        {
            gallery.Add(Id(i), Template(vectors[i]));
        }

        for (var i = 0; i < n; i += 97)
        {
            Span<GalleryHit> hits = new GalleryHit[4];
            Assert.Equal(4, gallery.Search(vectors[i], hits));
            Assert.Equal(Id(i), hits[0].SubjectId);
            Assert.Equal(gallery.Search(Template(vectors[i]), 4), hits.ToArray());
        }
    }

    [Fact]
    public void Kernel_requests_resolve_to_a_supported_path()
    {
        foreach (var kernel in Enum.GetValues<GalleryKernel>())
        {
            using var gallery = Create(16, kernel: kernel);
            Assert.NotEqual(GalleryKernel.Auto, gallery.Kernel);
            Assert.True(kernel == GalleryKernel.Auto || gallery.Kernel <= kernel);
        }
    }
}
