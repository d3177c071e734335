using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EId.Biometrics.Gallery;

namespace EId.Benchmarks.Gallery;

/// <summary>Bytes scanned per second: N × row bytes (padded as the gallery stores them) over the mean time, or the probe's array size.</summary>
internal sealed class ScanBandwidthColumn : IColumn
{
    public string Id => nameof(ScanBandwidthColumn);

    public string ColumnName => "GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Gigabytes of templates (or array) read per second, from the mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var bytes = BytesOf(benchmarkCase);
        return mean is null or 0 || bytes == 0 ? "-" : (bytes / mean.Value).ToString("F1", CultureInfo.InvariantCulture); // bytes per ns = GB/s
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static double BytesOf(BenchmarkCase benchmarkCase)
    {
        var parameters = benchmarkCase.Parameters;
        if (parameters["Megabytes"] is int megabytes)
        {
            return megabytes * 1048576.0;
        }

        if (parameters["N"] is not int n || parameters["D"] is not int d)
        {
            return 0;
        }

        var rowBytes = parameters["Precision"] is GalleryPrecision.Float32 ? (d + 15) / 16 * 64 : (d + 63) / 64 * 64;
        return (double)n * rowBytes;
    }
}
