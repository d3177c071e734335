using EId.Faces;
using EId.Gallery.Orleans.Client;
using EId.Risk;
using EId.Risk.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static EId.Gallery.Orleans.Tests.Vectors;

namespace EId.Gallery.Orleans.Tests;

public sealed class DependencyInjectionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_watchlist_policy_uses_the_sharded_gallery_through_DI_unchanged()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(fixture.Cluster.GrainFactory);
        services.AddEIdOrleansGallery(o => (o.GalleryName, o.ModelId, o.Dimension, o.ShardCount) = ($"w{Guid.NewGuid():N}", Model, 16, 5), FaceWatchlistPolicy.GalleryServiceKey);
        await using var provider = services.BuildServiceProvider();

        var gallery = provider.GetRequiredKeyedService<IFaceGallery>(FaceWatchlistPolicy.GalleryServiceKey);
        Assert.IsType<OrleansFaceGallery>(gallery);
        Assert.Same(gallery, provider.GetRequiredService<IFaceGallery>());
        var vectors = Unit(40, 16, 8);
        foreach (var (id, template) in Entries(vectors))
        {
            gallery.Add(id, template);
        }

        var policy = new FaceWatchlistPolicy(gallery, denyThreshold: 0.9f, reviewThreshold: 0.8f);
        var listed = await policy.EvaluateAsync(new RiskContext { Action = "issue-eid", At = DateTimeOffset.UnixEpoch, Face = Template(vectors[12]) }, TestContext.Current.CancellationToken);
        Assert.Equal(RiskDecision.Deny, listed.Decision);
        Assert.Contains(Id(12), listed.Reasons[0].Detail, StringComparison.Ordinal);

        gallery.Remove(Id(12));
        var removed = await policy.EvaluateAsync(new RiskContext { Action = "issue-eid", At = DateTimeOffset.UnixEpoch, Face = Template(vectors[12]) }, TestContext.Current.CancellationToken);
        Assert.Equal(RiskDecision.Allow, removed.Decision);
    }

    [Theory]
    [InlineData("", "m", 16, 4, "GalleryName")]
    [InlineData("g", " ", 16, 4, "ModelId")]
    [InlineData("g", "m", 0, 4, "Dimension")]
    [InlineData("g", "m", 16, 0, "ShardCount")]
    [InlineData("g", "m", 16, 70000, "ShardCount")]
    public void Invalid_options_fail_validation_naming_the_setting(string name, string model, int dimension, int shards, string setting)
    {
        var services = new ServiceCollection();
        services.AddSingleton(fixture.Cluster.GrainFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddEIdOrleansGallery(o => (o.GalleryName, o.ModelId, o.Dimension, o.ShardCount) = (name, model, dimension, shards));
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Orleans.OrleansGalleryOptions>>().Value);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IFaceGallery>());
    }
}
