using System.Data.Common;
using DuckDB.NET.Data;
using EId.Postal.Analytics.Facts;
using EId.Postal.Regulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Analytics.Statistics;

/// <summary>
/// <see cref="IParcelStatistics"/> over the exported Parquet facts, queried with an in-process DuckDB. The folder pattern
/// and the days are bound parameters; the SQL text is fixed. The <c>day</c> hive partition prunes files outside the period.
/// </summary>
/// <remarks>Throws <see cref="ParcelFactsException"/> when a file is truncated, damaged or foreign.</remarks>
public sealed class DuckDbParcelStatistics : IParcelStatistics
{
    private const string Source = "read_parquet($pattern, hive_partitioning = true, hive_types = {'day': DATE})";

    private const string PairsSql = $"""
        SELECT day, origin_region, destination_region, count(*) AS parcels
        FROM {Source}
        WHERE day BETWEEN $from AND $to AND outcome = '{FactOutcomeCodes.Accepted}'
        GROUP BY day, origin_region, destination_region
        ORDER BY day, origin_region, destination_region
        """;

    private const string OutcomesSql = $"""
        SELECT day,
               count(*) FILTER (WHERE outcome = '{FactOutcomeCodes.Accepted}') AS accepted,
               count(*) FILTER (WHERE outcome = '{FactOutcomeCodes.ProhibitedItem}') AS prohibited,
               count(*) FILTER (WHERE outcome = '{FactOutcomeCodes.IdentityFailure}') AS identity_failures
        FROM {Source}
        WHERE day BETWEEN $from AND $to
        GROUP BY day
        ORDER BY day
        """;

    private readonly string _directory;
    private readonly ILogger<DuckDbParcelStatistics> _logger;

    /// <summary>Creates the statistics over <see cref="PostalAnalyticsOptions.FactsDirectory"/>.</summary>
    /// <exception cref="ParcelFactsException">The folder is not an acceptable path (<see cref="FactsQueryError.BadPath"/>).</exception>
    public DuckDbParcelStatistics(IOptions<PostalAnalyticsOptions> options, ILogger<DuckDbParcelStatistics>? logger = null)
        : this(options?.Value.FactsDirectory ?? throw new ArgumentNullException(nameof(options)), logger)
    {
    }

    /// <summary>Creates the statistics over an export folder.</summary>
    /// <exception cref="ParcelFactsException">The folder is not an acceptable path (<see cref="FactsQueryError.BadPath"/>).</exception>
    public DuckDbParcelStatistics(string factsDirectory, ILogger<DuckDbParcelStatistics>? logger = null)
    {
        if (FactsPath.Check(factsDirectory) is { } problem)
        {
            throw new ParcelFactsException(FactsQueryError.BadPath, $"The facts folder is not acceptable: {problem}");
        }

        _directory = Path.GetFullPath(factsDirectory);
        _logger = logger ?? NullLogger<DuckDbParcelStatistics>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RegionPairDayCount>> ParcelsPerRegionPairAndDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        await QueryAsync(PairsSql, from, to, r => new RegionPairDayCount(r.GetFieldValue<DateOnly>(0), r.GetString(1), r.GetString(2), r.GetInt64(3)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IntakeDayOutcomes>> IntakeOutcomesPerDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        await QueryAsync(OutcomesSql, from, to, r => new IntakeDayOutcomes(r.GetFieldValue<DateOnly>(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken).ConfigureAwait(false);

    private async ValueTask<IReadOnlyList<T>> QueryAsync<T>(string sql, DateOnly from, DateOnly to, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        if (to < from || !HasFiles())
        {
            // DuckDB refuses a pattern that matches nothing; an empty export simply has no facts.
            return [];
        }

        var rows = new List<T>();
        try
        {
            var connection = new DuckDBConnection("DataSource=:memory:");
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = sql;
                    command.Parameters.Add(new DuckDBParameter("pattern", FactsPath.Pattern(_directory)));
                    command.Parameters.Add(new DuckDBParameter("from", from));
                    command.Parameters.Add(new DuckDBParameter("to", to));
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            rows.Add(read(reader));
                        }
                    }
                }
            }
        }
        catch (DuckDBException ex)
        {
            var reason = ex.Message.Contains("not found", StringComparison.OrdinalIgnoreCase) && ex.Message.Contains("column", StringComparison.OrdinalIgnoreCase)
                ? FactsQueryError.WrongSchema
                : FactsQueryError.CorruptFile;
            _logger.LogWarning("The parcel facts in {Directory} cannot be queried: {Reason}", _directory, reason);
            throw new ParcelFactsException(reason, $"The parcel facts in {_directory} cannot be queried ({reason}): {ex.Message}", ex);
        }

        return rows;
    }

    private bool HasFiles() =>
        Directory.Exists(_directory)
        && Directory.EnumerateDirectories(_directory, "day=*").Any(d => Directory.EnumerateFiles(d, "*.parquet").Any());
}
