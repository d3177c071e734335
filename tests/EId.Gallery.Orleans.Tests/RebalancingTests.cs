using static EId.Gallery.Orleans.Tests.Vectors;

namespace EId.Gallery.Orleans.Tests;

/// <summary>Adding a silo: shards re-placed by Orleans land on it too, and answers do not change.</summary>
public sealed class RebalancingTests(GrowingClusterFixture fixture) : IClassFixture<GrowingClusterFixture>
{
    [Fact]
    public async Task After_a_silo_joins_reactivated_shards_spread_onto_it_with_the_same_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        var vectors = Unit(500, 16, 21);
        using var gallery = fixture.Gallery(16, 32);
        await gallery.AddRangeAsync(Entries(vectors[..480]), ct);
        var probes = vectors[480..].Select(Template).ToArray();
        var before = probes.Select(p => gallery.Search(p, 5)).ToArray();
        var placed = await gallery.PlacementsAsync(ct);
        var firstSilos = placed.Select(p => p.Silo).ToHashSet();
        Assert.Equal(2, firstSilos.Count);

        var added = await fixture.Cluster.StartAdditionalSiloAsync();
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        await gallery.DeactivateShardsAsync(ct);
        var after = await ShardedSearchTests.WaitForNewActivations(gallery, placed.Select(p => p.ActivationId).ToHashSet());

        var onNewSilo = after.Count(p => !firstSilos.Contains(p.Silo));
        Assert.True(onNewSilo > 0, $"No shard of 32 activated on the new silo {added.SiloAddress}.");
        Assert.Equal(480, after.Sum(p => p.Count));
        for (var i = 0; i < probes.Length; i++)
        {
            AssertSameHits(before[i], await gallery.SearchAsync(probes[i], 5, ct));
        }
    }
}
