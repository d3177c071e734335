using EId.Biometrics.Gallery;
using EId.Faces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EId.Gallery.Orleans.Tests.Vectors;

namespace EId.Gallery.Orleans.Tests;

/// <summary>The sharded gallery answers as one <see cref="FaceGallery"/> over the same templates.</summary>
public sealed class ShardedSearchTests(ClusterFixture fixture)
{
    [Property(MaxTest = 25)]
    public Property Merged_top_k_equals_a_single_FaceGallery_including_ties_removals_and_replacements(int seed) =>
        Prop.ForAll(
            Gen.Choose(0, 160).Zip(Gen.Choose(1, 24)).Zip(Gen.Choose(1, 15)).Zip(Gen.Choose(1, 9)).Zip(Gen.Elements(GalleryPrecision.Float32, GalleryPrecision.Int8)).Zip(Gen.Elements(true, false)).ToArbitrary(),
            t =>
            {
                var (((((n, d), k), shards), precision), ties) = t;
                var vectors = ties ? Integer(n + 8, d, seed) : Unit(n + 8, d, seed);
                using var single = Single(d, precision);
                using var sharded = fixture.Gallery(d, shards, precision);

                var entries = Entries(vectors[..n]);
                foreach (var (id, template) in entries)
                {
                    single.Add(id, template);
                }

                var added = sharded.AddRangeAsync(entries).GetAwaiter().GetResult();
                Assert.All(added, r => Assert.Equal(GalleryChange.Added, r.Value));

                // Remove every fourth subject and replace the second one: the shards must follow like the single gallery.
                for (var i = 0; i < n; i += 4)
                {
                    Assert.Equal(single.Remove(Id(i)), sharded.RemoveAsync(Id(i)).GetAwaiter().GetResult());
                }

                if (n > 1)
                {
                    single.Add(Id(1), Template(vectors[n]));
                    Assert.Equal(GalleryChange.Replaced, sharded.TryAddAsync(Id(1), Template(vectors[n])).GetAwaiter().GetResult().Value);
                }

                Assert.Equal(single.Count, sharded.CountAsync().GetAwaiter().GetResult());
                for (var q = n + 1; q < n + 8; q++)
                {
                    var probe = Template(vectors[q]);
                    AssertSameHits(single.Search(probe, k), sharded.SearchAsync(probe, k).GetAwaiter().GetResult());
                }
            });

    [Fact]
    public async Task Subjects_route_by_a_stable_hash_and_spread_over_the_shards()
    {
        using var gallery = fixture.Gallery(8, 8);
        await gallery.AddRangeAsync(Entries(Unit(400, 8, 3)), TestContext.Current.CancellationToken);
        var placements = await gallery.PlacementsAsync(TestContext.Current.CancellationToken);

        // Each shard holds exactly the subjects whose id hashes to it, and no shard is empty with 50 subjects per shard expected.
        for (var shard = 0; shard < 8; shard++)
        {
            Assert.Equal(Enumerable.Range(0, 400).Count(i => gallery.ShardOf(Id(i)) == shard), placements[shard].Count);
            Assert.InRange(placements[shard].Count, 20, 90);
        }

        // The route is a documented function of the id alone (first 8 bytes of SHA-256, little-endian, modulo the shard count),
        // the same in every process: string.GetHashCode would differ per process.
        var digest = System.Security.Cryptography.SHA256.HashData("subject-00042"u8);
        Assert.Equal((int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(digest) % 8), gallery.ShardOf("subject-00042"));
    }

    [Fact]
    public async Task Remove_takes_the_subject_out_of_search_and_count_and_reports_absence()
    {
        var vectors = Unit(30, 16, 5);
        using var gallery = fixture.Gallery(16, 4);
        await gallery.AddRangeAsync(Entries(vectors), TestContext.Current.CancellationToken);
        var probe = Template(vectors[7]);
        Assert.Equal(Id(7), (await gallery.SearchAsync(probe, 1, TestContext.Current.CancellationToken))[0].SubjectId);

        Assert.True(await gallery.RemoveAsync(Id(7), TestContext.Current.CancellationToken));
        Assert.False(await gallery.RemoveAsync(Id(7), TestContext.Current.CancellationToken));
        Assert.False(gallery.Remove("never-enrolled"));
        Assert.Equal(29, gallery.Count);
        Assert.DoesNotContain(await gallery.SearchAsync(probe, 30, TestContext.Current.CancellationToken), h => h.SubjectId == Id(7));
    }

    [Fact]
    public async Task Shards_reload_from_grain_storage_after_deactivation()
    {
        var vectors = Unit(120, 32, 9);
        using var gallery = fixture.Gallery(32, 6, GalleryPrecision.Int8);
        await gallery.AddRangeAsync(Entries(vectors[..100]), TestContext.Current.CancellationToken);
        await gallery.RemoveAsync(Id(3), TestContext.Current.CancellationToken);
        var probes = vectors[100..].Select(Template).ToArray();
        var before = probes.Select(p => gallery.Search(p, 10)).ToArray();
        var activations = (await gallery.PlacementsAsync(TestContext.Current.CancellationToken)).Select(p => p.ActivationId).ToHashSet();

        await gallery.DeactivateShardsAsync(TestContext.Current.CancellationToken);
        var reloaded = await WaitForNewActivations(gallery, activations);

        Assert.Equal(99, reloaded.Sum(p => p.Count));
        for (var i = 0; i < probes.Length; i++)
        {
            AssertSameHits(before[i], await gallery.SearchAsync(probes[i], 10, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Bad_input_gives_the_same_typed_errors_as_FaceGallery()
    {
        using var single = Single(8);
        using var sharded = fixture.Gallery(8, 3);
        var good = Template(Unit(1, 8, 1)[0]);
        single.Add(Id(1), good);
        sharded.Add(Id(1), good);

        FaceTemplate[] badProbes = [Template(new float[7]), new FaceTemplate("other-model", good.Vector), Template([1, 0, 0, float.NaN, 0, 0, 0, 0])];
        foreach (var probe in badProbes)
        {
            var expected = single.TrySearch(probe, 5);
            var actual = await sharded.TrySearchAsync(probe, 5, TestContext.Current.CancellationToken);
            Assert.False(actual.IsSuccess);
            Assert.Equal(expected.Error, actual.Error);
            Assert.Equal(Assert.Throws<ArgumentException>(() => single.Search(probe, 5)).Message, Assert.Throws<ArgumentException>(() => sharded.Search(probe, 5)).Message);
        }

        // k < 0 is a programming error in both; k = 0 asks for nothing.
        Assert.Throws<ArgumentOutOfRangeException>(() => single.Search(good, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sharded.Search(good, -1));
        Assert.Empty(single.Search(good, 0));
        Assert.Empty(sharded.Search(good, 0));

        (string Id, FaceTemplate Template)[] badEnrolments = [(Id(2), Template(new float[9])), ("110101199003077777", good), ("", good), (Id(3), new FaceTemplate("other-model", good.Vector)), (Id(4), Template([0, 0, float.PositiveInfinity, 0, 0, 0, 0, 0]))];
        foreach (var (id, template) in badEnrolments)
        {
            var expected = single.TryAdd(id, template);
            var actual = await sharded.TryAddAsync(id, template, TestContext.Current.CancellationToken);
            Assert.False(actual.IsSuccess);
            Assert.Equal(expected.Error, actual.Error);
            var singleThrown = Assert.Throws<ArgumentException>(() => single.Add(id, template));
            var shardedThrown = Assert.Throws<ArgumentException>(() => sharded.Add(id, template));
            Assert.Equal(singleThrown.Message, shardedThrown.Message);
            Assert.Equal(singleThrown.ParamName, shardedThrown.ParamName);
        }

        Assert.Equal(1, sharded.Count);
    }

    [Fact]
    public async Task A_client_with_another_dimension_is_refused_by_existing_shards()
    {
        var name = $"g{Guid.NewGuid():N}";
        using var first = Create(name, 8);
        await first.AddRangeAsync(Entries(Unit(20, 8, 2)), TestContext.Current.CancellationToken);
        using var second = Create(name, 16);
        var result = await second.TrySearchAsync(Template(Unit(1, 16, 4)[0]), 3, TestContext.Current.CancellationToken);
        Assert.Equal(GalleryError.DimensionMismatch, result.Error!.Reason);

        Client.OrleansFaceGallery Create(string gallery, int d) => new(
            fixture.Cluster.GrainFactory,
            Microsoft.Extensions.Options.Options.Create(new OrleansGalleryOptions { GalleryName = gallery, ModelId = Model, Dimension = d, ShardCount = 2 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Client.OrleansFaceGallery>.Instance);
    }

    internal static async Task<IReadOnlyList<Shards.ShardPlacement>> WaitForNewActivations(Client.OrleansFaceGallery gallery, HashSet<string> old)
    {
        // DeactivateOnIdle completes after the call returns; poll until every shard answers from a new activation.
        for (var attempt = 0; ; attempt++)
        {
            var now = await gallery.PlacementsAsync(TestContext.Current.CancellationToken);
            if (now.All(p => !old.Contains(p.ActivationId)))
            {
                return now;
            }

            Assert.True(attempt < 100, "The shards did not reactivate within 10 s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
