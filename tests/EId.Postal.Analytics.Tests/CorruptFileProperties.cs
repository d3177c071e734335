using EId.Postal.Analytics.Facts;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Outcomes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Analytics.Tests;

/// <summary>A truncated, damaged or foreign facts file gives a typed error from both readers, never a crash or a hang.</summary>
public sealed class CorruptFileProperties : IAsyncLifetime
{
    private FactsWorld _world = null!;
    private byte[] _valid = [];

    public async ValueTask InitializeAsync()
    {
        _world = await FactsWorld.CreateAsync();
        await _world.AddAsync(Enumerable.Range(0, 300).Select(i => new Decision(0, i, i % 4, (i + 1) % 4, (IntakeOutcomeKind)(1 + (i % 3)), i % 5, 100 + i)));
        using var exporter = _world.Exporter();
        await exporter.ExportDayAsync(Decision.FirstDay);
        _valid = await File.ReadAllBytesAsync(FactsPath.DayFile(_world.FactsDirectory, Decision.FirstDay));
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Property(MaxTest = 40)]
    public async Task<bool> Every_truncation_is_a_typed_error_for_Parquet_Net(PositiveInt cut)
    {
        var length = (cut.Get - 1) % _valid.Length;
        using var stream = new MemoryStream(_valid, 0, length);
        var read = await ParcelFactFile.ReadAsync(stream);
        return !read.IsSuccess && Enum.IsDefined(read.Error!.Reason);
    }

    [Property(MaxTest = 40)]
    public async Task<bool> Random_bytes_are_a_typed_error_for_Parquet_Net(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var read = await ParcelFactFile.ReadAsync(stream);
        return !read.IsSuccess && read.Error!.Reason is FactFileError.Corrupt or FactFileError.WrongSchema;
    }

    [Property(MaxTest = 15)]
    public async Task<bool> A_truncated_day_file_is_a_typed_error_for_DuckDB(PositiveInt cut)
    {
        var folder = Path.Combine(_world.Folder, "cut-" + Guid.NewGuid().ToString("N")[..8]);
        var file = FactsPath.DayFile(folder, Decision.FirstDay);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, _valid.AsMemory(0, (cut.Get - 1) % _valid.Length).ToArray());
        var statistics = new DuckDbParcelStatistics(folder);
        try
        {
            await statistics.IntakeOutcomesPerDayAsync(Decision.FirstDay, Decision.FirstDay);
            return false;
        }
        catch (ParcelFactsException ex)
        {
            return ex.Reason == FactsQueryError.CorruptFile;
        }
    }

    [Fact]
    public async Task A_flipped_byte_in_the_data_is_a_typed_error_or_a_readable_file_never_a_crash()
    {
        for (var position = 8; position < _valid.Length - 8; position += Math.Max(1, _valid.Length / 60))
        {
            var damaged = (byte[])_valid.Clone();
            damaged[position] ^= 0x5A;
            using var stream = new MemoryStream(damaged);
            var read = await ParcelFactFile.ReadAsync(stream);
            Assert.True(read.IsSuccess || Enum.IsDefined(read.Error!.Reason));
        }
    }

    [Fact]
    public async Task The_unchanged_file_reads_and_a_foreign_Parquet_file_is_the_wrong_schema()
    {
        using var valid = new MemoryStream(_valid);
        var read = await ParcelFactFile.ReadAsync(valid);
        var foreign = new MemoryStream();
        var x = new Parquet.Schema.DataField<int>("x");
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(x), foreign, cancellationToken: TestContext.Current.CancellationToken))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(x, new[] { 1, 2 }.AsMemory(), null, null, TestContext.Current.CancellationToken);
        }

        foreign.Position = 0;
        var wrong = await ParcelFactFile.ReadAsync(foreign);

        Assert.True(read.IsSuccess);
        Assert.Equal(300, read.Value!.Count);
        Assert.Equal(FactFileError.WrongSchema, wrong.Error!.Reason);
        Assert.Equal(FactFileError.Missing, (await ParcelFactFile.ReadAsync(Path.Combine(_world.Folder, "nope.parquet"))).Error!.Reason);
    }
}
