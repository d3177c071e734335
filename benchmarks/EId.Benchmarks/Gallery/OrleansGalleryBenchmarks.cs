using BenchmarkDotNet.Attributes;
using EId.Biometrics.Gallery;
using EId.Faces;
using EId.Gallery.Orleans;
using EId.Gallery.Orleans.Client;
using EId.Gallery.Orleans.Shards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace EId.Benchmarks.Gallery;

/// <summary>
/// Top-10 search over N float32 512-d templates sharded over 1, 2, 4 and 8 Orleans shard grains (one in-process silo,
/// the client over loopback TCP as in production), beside one <see cref="FaceGallery"/> in this process (one thread and
/// every core). <c>Search</c> is one query's latency; <c>Search16</c> runs 16 queries at once (per-query time = throughput).
/// </summary>
[MemoryDiagnoser]
public class OrleansGalleryBenchmarks
{
    private const int Dimension = 512;
    private const int K = 10;
    private TestCluster _cluster = null!;
    private OrleansFaceGallery _sharded = null!;
    private FaceGallery _single = null!;
    private FaceGallery _singleParallel = null!;
    private FaceTemplate[] _probes = null!;

    /// <summary>Templates: <c>EID_GALLERY_N</c> (first value) or 100k.</summary>
    public int N { get; } = GalleryBenchmarkData.Sizes().FirstOrDefault(n => n <= 100_000, 100_000);

    /// <summary>Shard grains.</summary>
    [Params(1, 2, 4, 8)]
    public int Shards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        _cluster.Deploy();
        _sharded = new OrleansFaceGallery(_cluster.Client, Options.Create(new OrleansGalleryOptions
        {
            GalleryName = $"bench{Shards}",
            ModelId = "bench",
            Dimension = Dimension,
            ShardCount = Shards,
        }), NullLogger<OrleansFaceGallery>.Instance);

        _single = GalleryBenchmarkData.Fill(N, Dimension, GalleryPrecision.Float32, threads: 1);
        _singleParallel = GalleryBenchmarkData.Fill(N, Dimension, GalleryPrecision.Float32, threads: Environment.ProcessorCount);
        var random = new Random(12345); // the same vectors and ids as GalleryBenchmarkData.Fill
        var batch = new List<KeyValuePair<string, FaceTemplate>>(5_000);
        for (var i = 0; i < N; i++)
        {
            var vector = new float[Dimension];
            GalleryBenchmarkData.RandomUnit(random, vector);
            batch.Add(KeyValuePair.Create($"s{i:x8}", new FaceTemplate("bench", vector)));
            if (batch.Count == batch.Capacity || i == N - 1)
            {
                _sharded.AddRangeAsync(batch).GetAwaiter().GetResult();
                batch.Clear();
            }
        }

        var probeRandom = new Random(7);
        _probes = [.. Enumerable.Range(0, 16).Select(_ =>
        {
            var probe = new float[Dimension];
            GalleryBenchmarkData.RandomUnit(probeRandom, probe);
            return new FaceTemplate("bench", probe);
        })];

        // The sharded answer must be the single gallery's before anything is timed.
        var expected = _single.Search(_probes[0], K);
        var actual = _sharded.Search(_probes[0], K);
        if (!expected.Select(h => h.SubjectId).SequenceEqual(actual.Select(h => h.SubjectId)))
        {
            throw new InvalidOperationException("The sharded top-k differs from the single gallery's.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sharded.Dispose();
        _single.Dispose();
        _singleParallel.Dispose();
        _cluster.StopAllSilos();
        _cluster.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int SingleGallery1Thread() => _single.Search(_probes[0], K).Count;

    [Benchmark]
    public int SingleGalleryAllCores() => _singleParallel.Search(_probes[0], K).Count;

    [Benchmark]
    public async Task<int> Search() => (await _sharded.SearchAsync(_probes[0], K)).Count;

    [Benchmark(OperationsPerInvoke = 16)]
    public async Task<int> Search16()
    {
        var results = await Task.WhenAll(_probes.Select(p => _sharded.SearchAsync(p, K)));
        return results.Sum(r => r.Count);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMemoryGrainStorage(OrleansGalleryStorage.ProviderName);
    }
}
