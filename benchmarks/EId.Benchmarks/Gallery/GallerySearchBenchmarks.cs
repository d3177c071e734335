using BenchmarkDotNet.Attributes;
using EId.Biometrics.Gallery;
using EId.Faces;

namespace EId.Benchmarks.Gallery;

/// <summary>
/// Exact top-10 search of one probe over N templates: float32, int8 and int8 re-ranked, one thread and all cores.
/// The GB/s column is the template bytes scanned per second (N × row bytes / mean); compare it with
/// <see cref="MemoryBandwidthBenchmarks"/> and with FAISS (benchmarks/faiss/compare.py runs both).
/// </summary>
[Config(typeof(GalleryBenchmarkConfig))]
[MemoryDiagnoser]
public class GallerySearchBenchmarks
{
    private readonly GalleryHit[] _hits = new GalleryHit[10];
    private FaceGallery _gallery = null!;
    private float[] _probe = null!;

    /// <summary>Templates in the gallery.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>Template length.</summary>
    [ParamsSource(nameof(Dimensions))]
    public int D { get; set; }

    /// <summary>Storage precision.</summary>
    [Params(GalleryPrecision.Float32, GalleryPrecision.Int8, GalleryPrecision.Int8Reranked)]
    public GalleryPrecision Precision { get; set; }

    /// <summary>Threads per search.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> Sizes() => GalleryBenchmarkData.Sizes();

    public static IEnumerable<int> Dimensions() => GalleryBenchmarkData.Dimensions();

    public static IEnumerable<int> ThreadCounts() => GalleryBenchmarkData.Threads();

    [GlobalSetup]
    public void Setup()
    {
        _gallery = GalleryBenchmarkData.Fill(N, D, Precision, Threads);
        _probe = new float[D];
        GalleryBenchmarkData.RandomUnit(new Random(7), _probe);
    }

    [GlobalCleanup]
    public void Cleanup() => _gallery.Dispose();

    [Benchmark]
    public int Search() => _gallery.Search(_probe, _hits);
}
