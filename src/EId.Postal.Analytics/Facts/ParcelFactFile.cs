using Parquet;

namespace EId.Postal.Analytics.Facts;

/// <summary>Reads a facts file back with Parquet.Net (checks and tests; queries go through DuckDB).</summary>
public static class ParcelFactFile
{
    /// <summary>
    /// Reads every fact of <paramref name="path"/>. A missing, truncated, damaged or foreign file gives a typed
    /// <see cref="FactFileError"/>; this never throws for bad bytes.
    /// </summary>
    public static async ValueTask<Result<IReadOnlyList<ParcelFact>, Failure<FactFileError>>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new Failure<FactFileError>(FactFileError.Missing, $"No facts file at {path}.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every fact of a seekable stream (left open); see <see cref="ReadAsync(string, CancellationToken)"/>.</summary>
    public static async ValueTask<Result<IReadOnlyList<ParcelFact>, Failure<FactFileError>>> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Parquet.Net reports bad footers with several exception types (ParquetException, IOException, InvalidDataException, …).
            return new Failure<FactFileError>(FactFileError.Corrupt, $"Not a readable Parquet file ({ex.GetType().Name}).");
        }

        await using (reader.ConfigureAwait(false))
        {
            if (!reader.Schema.Equals(ParcelFactSchema.Schema))
            {
                return new Failure<FactFileError>(FactFileError.WrongSchema, "The file does not have the parcel facts schema.");
            }

            var facts = new List<ParcelFact>();
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var n = checked((int)group.RowCount);
                    var outcome = new string?[n];
                    var time = new DateTime[n];
                    var origin = new string?[n];
                    var destination = new string?[n];
                    var category = new string?[n];
                    var weight = new int[n];
                    var verdict = new string?[n];
                    var method = new string?[n];
                    var token = new string?[n];
                    await group.ReadAsync(ParcelFactSchema.Outcome, outcome.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync<DateTime>(ParcelFactSchema.TimeBucket, time.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(ParcelFactSchema.OriginRegion, origin.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(ParcelFactSchema.DestinationRegion, destination.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(ParcelFactSchema.ItemCategory, category.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync<int>(ParcelFactSchema.WeightBucket, weight.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(ParcelFactSchema.Verdict, verdict.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(ParcelFactSchema.Method, method.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(ParcelFactSchema.SenderExportToken, token.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < n; i++)
                    {
                        if (FactOutcomeCodes.Parse(outcome[i]) is not { } kind)
                        {
                            return new Failure<FactFileError>(FactFileError.WrongSchema, $"Row {facts.Count + 1} has an unknown outcome code.");
                        }

                        if (origin[i] is not { } o || destination[i] is not { } d || category[i] is not { } c)
                        {
                            return new Failure<FactFileError>(FactFileError.WrongSchema, $"Row {facts.Count + 1} lacks a region or category.");
                        }

                        facts.Add(new ParcelFact(kind, DateTime.SpecifyKind(time[i], DateTimeKind.Utc), o, d, c, weight[i], verdict[i], method[i], token[i]));
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new Failure<FactFileError>(FactFileError.Corrupt, $"A row group cannot be read ({ex.GetType().Name}).");
            }

            return facts;
        }
    }
}
