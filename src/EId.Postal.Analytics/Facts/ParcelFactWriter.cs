using Parquet;

namespace EId.Postal.Analytics.Facts;

/// <summary>
/// Streams facts into one Parquet file, one row group per <c>rowGroupSize</c> facts, so memory stays bounded by the
/// row group whatever the day's volume. Call <see cref="CompleteAsync"/> to write the last row group and the footer.
/// </summary>
public sealed class ParcelFactWriter : IAsyncDisposable
{
    private readonly ParquetWriter _writer;
    private readonly string[] _outcome;
    private readonly DateTime[] _time;
    private readonly string[] _origin;
    private readonly string[] _destination;
    private readonly string[] _category;
    private readonly int[] _weight;
    private readonly string?[] _verdict;
    private readonly string?[] _method;
    private readonly string?[] _token;
    private int _buffered;
    private bool _completed;

    private ParcelFactWriter(ParquetWriter writer, int rowGroupSize)
    {
        _writer = writer;
        _outcome = new string[rowGroupSize];
        _time = new DateTime[rowGroupSize];
        _origin = new string[rowGroupSize];
        _destination = new string[rowGroupSize];
        _category = new string[rowGroupSize];
        _weight = new int[rowGroupSize];
        _verdict = new string?[rowGroupSize];
        _method = new string?[rowGroupSize];
        _token = new string?[rowGroupSize];
    }

    /// <summary>Facts written so far (including the buffered row group).</summary>
    public long Rows { get; private set; }

    /// <summary>Row groups written so far.</summary>
    public int RowGroups { get; private set; }

    /// <summary>Starts a facts file on <paramref name="output"/> (writable and seekable; left open).</summary>
    /// <param name="output">The file stream.</param>
    /// <param name="rowGroupSize">Facts per row group (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async ValueTask<ParcelFactWriter> CreateAsync(Stream output, int rowGroupSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        // Parquet.Net defaults to SmallestSize, which spends ~30 µs a row on the high-entropy token column; Optimal wrote
        // 200k facts about 6× faster for 3 % more bytes.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal };
        var writer = await ParquetWriter.CreateAsync(ParcelFactSchema.Schema, output, options, append: false, cancellationToken).ConfigureAwait(false);
        return new ParcelFactWriter(writer, rowGroupSize);
    }

    /// <summary>Adds one fact; writes a row group when the buffer is full.</summary>
    public async ValueTask AddAsync(ParcelFact fact, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var i = _buffered;
        _outcome[i] = FactOutcomeCodes.Of(fact.Outcome);
        _time[i] = DateTime.SpecifyKind(fact.TimeBucket, DateTimeKind.Utc);
        _origin[i] = fact.OriginRegion;
        _destination[i] = fact.DestinationRegion;
        _category[i] = fact.ItemCategory;
        _weight[i] = fact.WeightBucketGrams;
        _verdict[i] = fact.Verdict;
        _method[i] = fact.Method;
        _token[i] = fact.SenderExportToken;
        _buffered++;
        Rows++;
        if (_buffered == _outcome.Length)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the buffered row group and the file footer.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return;
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the Parquet writer (without <see cref="CompleteAsync"/> the file is incomplete and must be discarded).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffered == 0)
        {
            return;
        }

        var n = _buffered;
        using (var group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(ParcelFactSchema.Outcome, new ArraySegment<string>(_outcome, 0, n)).ConfigureAwait(false);
            await group.WriteAsync<DateTime>(ParcelFactSchema.TimeBucket, _time.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(ParcelFactSchema.OriginRegion, new ArraySegment<string>(_origin, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParcelFactSchema.DestinationRegion, new ArraySegment<string>(_destination, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParcelFactSchema.ItemCategory, new ArraySegment<string>(_category, 0, n)).ConfigureAwait(false);
            await group.WriteAsync<int>(ParcelFactSchema.WeightBucket, _weight.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(ParcelFactSchema.Verdict, new ArraySegment<string>(_verdict!, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParcelFactSchema.Method, new ArraySegment<string>(_method!, 0, n)).ConfigureAwait(false);
            await group.WriteAsync(ParcelFactSchema.SenderExportToken, new ArraySegment<string>(_token!, 0, n)).ConfigureAwait(false);
            group.CompleteValidate();
        }

        RowGroups++;
        _buffered = 0;

        // Drop references so a finished row group's strings can be collected.
        Array.Clear(_verdict, 0, n);
        Array.Clear(_method, 0, n);
        Array.Clear(_token, 0, n);
    }
}
