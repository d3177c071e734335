using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;

namespace EId.Benchmarks.Gallery;

/// <summary>Adds the GB/s column and orders rows by parameters.</summary>
internal sealed class GalleryBenchmarkConfig : ManualConfig
{
    public GalleryBenchmarkConfig()
    {
        AddColumn(new ScanBandwidthColumn());
        WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared));
    }
}
