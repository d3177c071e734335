using EId.Biometrics.Gallery;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EId.Biometrics.Tests.Support.GalleryTestVectors;

namespace EId.Biometrics.Tests.Gallery;

public sealed class GalleryPersistenceTests
{
    private static FaceGalleryOptions Options(int d, GalleryPrecision precision = GalleryPrecision.Float32, string model = Model) =>
        new() { ModelId = model, Dimension = d, Precision = precision };

    private static (byte[] File, float[][] Vectors) SavedGallery(int n, int d, GalleryPrecision precision = GalleryPrecision.Float32, int seed = 1)
    {
        var vectors = UnitVectors(n + 1, d, seed);
        using var gallery = new FaceGallery(Options(d, precision));
        for (var i = 0; i < n; i++)
        {
            gallery.Add(Id(i), Template(vectors[i]));
        }

        gallery.Remove(Id(0)); // the saved order differs from the insertion order
        using var stream = new MemoryStream();
        gallery.Save(stream, TestContext.Current.CancellationToken);
        return (stream.ToArray(), vectors);
    }

    private static Task<Result<FaceGallery, Failure<GalleryError>>> Load(byte[] file, FaceGalleryOptions options, IProgress<GalleryLoadProgress>? progress = null) =>
        FaceGallery.LoadAsync(new MemoryStream(file, writable: false), options, progress, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(GalleryPrecision.Float32, GalleryPrecision.Float32)]
    [InlineData(GalleryPrecision.Float32, GalleryPrecision.Int8)]
    [InlineData(GalleryPrecision.Float32, GalleryPrecision.Int8Reranked)]
    [InlineData(GalleryPrecision.Int8Reranked, GalleryPrecision.Int8Reranked)]
    [InlineData(GalleryPrecision.Int8, GalleryPrecision.Int8)]
    public async Task Save_load_round_trip_gives_the_same_search_results(GalleryPrecision saved, GalleryPrecision loaded)
    {
        const int d = 96;
        var vectors = UnitVectors(400, d, seed: 2);
        using var original = new FaceGallery(Options(d, saved));
        using var reference = new FaceGallery(Options(d, loaded));
        for (var i = 0; i < 399; i++)
        {
            original.Add(Id(i), Template(vectors[i]));
            reference.Add(Id(i), Template(vectors[i]));
        }

        original.Remove(Id(5));
        reference.Remove(Id(5));
        using var stream = new MemoryStream();
        original.Save(stream, TestContext.Current.CancellationToken);
        var reports = new List<GalleryLoadProgress>();
        var result = await Load(stream.ToArray(), Options(d, loaded), new SynchronousProgress(reports));

        Assert.True(result.IsSuccess, result.ToString());
        using var copy = result.Value;
        Assert.Equal(398, copy.Count);
        Assert.False(copy.Contains(Id(5)));
        Assert.Equal(reference.Search(Template(vectors[399]), 10), copy.Search(Template(vectors[399]), 10));
        Assert.Equal(original.Search(Template(vectors[7]), 3).Select(h => h.SubjectId), copy.Search(Template(vectors[7]), 3).Select(h => h.SubjectId));
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(stream.Length, reports[^1].BytesRead);
    }

    [Fact]
    public async Task File_round_trip_through_disk_and_progress_over_many_chunks()
    {
        var (file, vectors) = SavedGallery(1500, 512, seed: 4);
        var path = Path.Combine(Path.GetTempPath(), $"eid-gallery-{Guid.NewGuid():N}.bin");
        try
        {
            await File.WriteAllBytesAsync(path, file, TestContext.Current.CancellationToken);
            var reports = new List<GalleryLoadProgress>();
            var result = await FaceGallery.LoadAsync(path, Options(512), new SynchronousProgress(reports), TestContext.Current.CancellationToken);
            using var gallery = result.GetValueOrThrow();
            Assert.Equal(1499, gallery.Count);
            Assert.True(reports.Count > 2);
            Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.TemplatesRead <= p.Second.TemplatesRead));
            Assert.Equal(Id(42), gallery.Search(Template(vectors[42]), 1)[0].SubjectId);

            var again = Path.ChangeExtension(path, ".copy");
            await gallery.SaveAsync(again, TestContext.Current.CancellationToken);
            Assert.Equal(file, await File.ReadAllBytesAsync(again, TestContext.Current.CancellationToken));
            File.Delete(again);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Load_is_cancellable()
    {
        var (file, _) = SavedGallery(300, 512);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FaceGallery.LoadAsync(new MemoryStream(file), Options(512), null, cancelled.Token));
    }

    [Fact]
    public async Task Model_dimension_and_precision_mismatches_are_typed_errors()
    {
        var (file, _) = SavedGallery(20, 32);
        Assert.Equal(GalleryError.ModelMismatch, (await Load(file, Options(32, model: "other"))).Error!.Reason);
        Assert.Equal(GalleryError.DimensionMismatch, (await Load(file, Options(33))).Error!.Reason);
        var (int8File, _) = SavedGallery(20, 32, GalleryPrecision.Int8);
        Assert.Equal(GalleryError.PrecisionMismatch, (await Load(int8File, Options(32, GalleryPrecision.Float32))).Error!.Reason);
        Assert.True((await Load(int8File, Options(32, GalleryPrecision.Int8))).IsSuccess);
    }

    [Fact]
    public async Task Specific_corruptions_give_specific_errors()
    {
        var (file, _) = SavedGallery(20, 32);
        Assert.Equal(GalleryError.NotAGalleryFile, (await Load([], Options(32))).Error!.Reason);
        Assert.Equal(GalleryError.NotAGalleryFile, (await Load("not a gallery"u8.ToArray(), Options(32))).Error!.Reason);

        var version = (byte[])file.Clone();
        version[8] = 9;
        Assert.Equal(GalleryError.UnsupportedVersion, (await Load(version, Options(32))).Error!.Reason);

        var payload = (byte[])file.Clone();
        payload[100] ^= 0x01; // a low mantissa bit of one vector component: still finite, only the checksum notices
        Assert.Equal(GalleryError.ChecksumMismatch, (await Load(payload, Options(32))).Error!.Reason);

        Assert.Equal(GalleryError.Truncated, (await Load(file[..^1], Options(32))).Error!.Reason);
        Assert.Equal(GalleryError.Corrupt, (await Load([.. file, 0], Options(32))).Error!.Reason);
    }

    [Property(MaxTest = 200)]
    public Property Truncated_files_are_typed_errors(int cut) =>
        TruncatedOrFlipped(file => file[..(int)((uint)cut % file.Length)]);

    [Property(MaxTest = 300)]
    public Property Bit_flipped_files_are_typed_errors(int position, byte bit) =>
        TruncatedOrFlipped(file =>
        {
            var copy = (byte[])file.Clone();
            copy[(int)((uint)position % copy.Length)] ^= (byte)(1 << (bit % 8));
            return copy;
        });

    [Property(MaxTest = 200)]
    public Property Random_bytes_are_typed_errors(byte[] data) =>
        (!Load(data, Options(32)).GetAwaiter().GetResult().IsSuccess).ToProperty();

    private static readonly byte[] SmallFile = SavedGallery(12, 32, seed: 8).File;
    private static readonly byte[] SmallInt8File = SavedGallery(12, 32, GalleryPrecision.Int8, seed: 8).File;

    private static Property TruncatedOrFlipped(Func<byte[], byte[]> damage)
    {
        // Every damaged file must load as a typed failure: the header checks, the record checks or the checksum catch it.
        var float32 = Load(damage(SmallFile), Options(32)).GetAwaiter().GetResult();
        var int8 = Load(damage(SmallInt8File), Options(32, GalleryPrecision.Int8)).GetAwaiter().GetResult();
        return (!float32.IsSuccess && !int8.IsSuccess).ToProperty();
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them asynchronously).</summary>
    private sealed class SynchronousProgress(List<GalleryLoadProgress> reports) : IProgress<GalleryLoadProgress>
    {
        public void Report(GalleryLoadProgress value) => reports.Add(value);
    }
}
