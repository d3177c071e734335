using EId.Biometrics.Matching;
using EId.Biometrics.Tests.Support;
using EId.Documents;
using EId.Faces;
using EId.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Biometrics.Tests.Matching;

public sealed class FaceTemplateCacheTests(PipelineFixture fixture)
{
    private const string SharonA = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg";

    private static FaceTemplate Template(string model, float value) => new(model, new[] { value, 1 - value });

    [Fact]
    public void A_hit_returns_the_stored_template_and_a_miss_counts()
    {
        var cache = new FaceTemplateCache(4);
        var key = FaceTemplateCache.KeyOf("fr_feature", "portrait"u8);
        Assert.False(cache.TryGet(key, out _));
        var template = Template("fr_feature", 0.25f);
        cache.Add(key, template);

        Assert.True(cache.TryGet(FaceTemplateCache.KeyOf("fr_feature", "portrait"u8), out var found));
        Assert.Same(template, found);
        Assert.Equal((1L, 1L), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void The_key_depends_on_the_model_and_on_every_byte()
    {
        var key = FaceTemplateCache.KeyOf("fr_feature", "portrait"u8);
        Assert.NotEqual(key, FaceTemplateCache.KeyOf("mobileface", "portrait"u8));
        Assert.NotEqual(key, FaceTemplateCache.KeyOf("fr_feature", "portraiu"u8));
        Assert.DoesNotContain("portrait", key.Digest, StringComparison.Ordinal);

        var cache = new FaceTemplateCache(4);
        cache.Add(key, Template("fr_feature", 0.5f));
        Assert.False(cache.TryGet(FaceTemplateCache.KeyOf("mobileface", "portrait"u8), out _));
        Assert.Throws<ArgumentException>(() => cache.Add(key, Template("mobileface", 0.5f)));
    }

    [Fact]
    public void The_least_recently_used_template_is_evicted_first()
    {
        var cache = new FaceTemplateCache(2);
        var a = FaceTemplateCache.KeyOf("m", "a"u8);
        var b = FaceTemplateCache.KeyOf("m", "b"u8);
        var c = FaceTemplateCache.KeyOf("m", "c"u8);
        cache.Add(a, Template("m", 0.1f));
        cache.Add(b, Template("m", 0.2f));
        Assert.True(cache.TryGet(a, out _)); // a is now the most recent
        cache.Add(c, Template("m", 0.3f));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(a, out _));
        Assert.False(cache.TryGet(b, out _));
        Assert.True(cache.TryGet(c, out _));
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceTemplateCache(0));
    }

    [Property]
    public Property Holds_at_most_capacity_and_always_the_most_recent_keys(PositiveInt capacity, byte[][] portraits)
    {
        var size = 1 + (capacity.Get % 8);
        var cache = new FaceTemplateCache(size);
        foreach (var portrait in portraits ?? [])
        {
            cache.Add(FaceTemplateCache.KeyOf("m", portrait ?? []), Template("m", 0.5f));
        }

        var recent = (portraits ?? []).Select(p => FaceTemplateCache.KeyOf("m", p ?? [])).Reverse().Distinct().Take(size).ToArray();
        return (cache.Count <= size && cache.Count == recent.Length && recent.All(k => cache.TryGet(k, out _))).ToProperty();
    }

    [Fact]
    public async Task The_verifier_enrols_a_portrait_once_and_gives_the_same_template_from_the_cache()
    {
        var cache = new FaceTemplateCache(8);
        var verifier = new FaceVerifier(fixture.RequirePipeline(), fixture.Matcher, cache);
        var bytes = File.ReadAllBytes(SharedData.Require(SharonA));
        var first = await verifier.EnrollAsync(new DocumentPortrait(bytes, ImageFormat.Jpeg), TestContext.Current.CancellationToken);
        var second = await verifier.EnrollAsync(new DocumentPortrait(bytes.ToArray(), ImageFormat.Jpeg), TestContext.Current.CancellationToken);
        var uncached = await new FaceVerifier(fixture.RequirePipeline(), fixture.Matcher).EnrollAsync(new DocumentPortrait(bytes, ImageFormat.Jpeg), TestContext.Current.CancellationToken);

        Assert.True(first.IsSuccess && second.IsSuccess && uncached.IsSuccess);
        Assert.Equal((1L, 1L, 1), (cache.Hits, cache.Misses, cache.Count));
        Assert.Same(first.Value, second.Value);
        Assert.Equal(uncached.Value.Vector.ToArray(), second.Value.Vector.ToArray());
    }

    [Fact]
    public async Task A_portrait_without_a_face_is_not_cached_and_stays_a_failure()
    {
        var cache = new FaceTemplateCache(8);
        var verifier = new FaceVerifier(fixture.RequirePipeline(), fixture.Matcher, cache);
        var blank = TestImages.Encode(200, 200, SkiaSharp.SKEncodedImageFormat.Png);
        for (var i = 0; i < 2; i++)
        {
            var enrolled = await verifier.EnrollAsync(new DocumentPortrait(blank, ImageFormat.Png), TestContext.Current.CancellationToken);
            Assert.False(enrolled.IsSuccess);
            Assert.Contains(FaceMatchReason.NoFaceInReference, enrolled.Error.Reasons);
        }

        Assert.Equal(0, cache.Count);
    }
}
