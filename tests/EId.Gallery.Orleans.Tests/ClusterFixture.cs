using EId.Biometrics.Gallery;
using EId.Gallery.Orleans;
using EId.Gallery.Orleans.Client;
using EId.Gallery.Orleans.Shards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace EId.Gallery.Orleans.Tests;

/// <summary>Silos in this process (in-memory clustering, memory grain storage) for the gallery tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Silos started at first; the rebalancing test uses its own cluster so it can add one.</summary>
    public int InitialSilos { get; init; } = 3;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder((short)InitialSilos);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>A client of a fresh gallery (its own name, so its shards are new grains).</summary>
    public OrleansFaceGallery Gallery(int dimension, int shards, GalleryPrecision precision = GalleryPrecision.Float32, string model = Vectors.Model) =>
        new(Cluster.GrainFactory, Options.Create(new OrleansGalleryOptions
        {
            GalleryName = $"g{Guid.NewGuid():N}",
            ModelId = model,
            Dimension = dimension,
            Precision = precision,
            ShardCount = shards,
        }), NullLogger<OrleansFaceGallery>.Instance);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMemoryGrainStorage(OrleansGalleryStorage.ProviderName);
    }
}

/// <summary>Two silos to start with, then more.</summary>
public sealed class GrowingClusterFixture : IAsyncLifetime
{
    private readonly ClusterFixture _inner = new() { InitialSilos = 2 };

    public TestCluster Cluster => _inner.Cluster;

    public ValueTask InitializeAsync() => _inner.InitializeAsync();

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    public OrleansFaceGallery Gallery(int dimension, int shards) => _inner.Gallery(dimension, shards);
}
