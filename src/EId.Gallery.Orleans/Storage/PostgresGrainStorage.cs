using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace EId.Gallery.Orleans.Storage;

/// <summary>
/// Orleans grain storage in one PostgreSQL table (<c>grain_type, grain_id, etag, payload bytea</c>), with optimistic
/// concurrency on the etag. It exists because the Orleans ADO.NET provider needs its schema scripts, which the
/// <c>Microsoft.Orleans.Persistence.AdoNet</c> 10.4.2 package does not ship; this provider creates its own table on first use.
/// A silo with the Orleans ADO.NET schema installed can use <c>AddAdoNetGrainStorage</c> instead: the shards do not care.
/// </summary>
public sealed partial class PostgresGrainStorage : IGrainStorage, IDisposable
{
    private static readonly System.Buffers.SearchValues<char> IdentifierCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    private readonly NpgsqlDataSource _dataSource;
    private readonly Serializer _serializer;
    private readonly ILogger<PostgresGrainStorage> _logger;
    private readonly string _table;
    private readonly SemaphoreSlim _migrate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates the storage.</summary>
    /// <param name="connectionString">The PostgreSQL database.</param>
    /// <param name="table">The table (created when absent); a plain lower-case identifier.</param>
    /// <param name="serializer">The Orleans serializer (state types are <c>[GenerateSerializer]</c>).</param>
    /// <param name="logger">Logs the table creation and conflicts (grain ids are shard numbers, not subjects).</param>
    /// <exception cref="ArgumentException">The table name is not a plain identifier.</exception>
    public PostgresGrainStorage(string connectionString, string table, Serializer serializer, ILogger<PostgresGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(logger);
        if (!IsIdentifier(table))
        {
            throw new ArgumentException("The table must be 1 to 63 characters of a-z, 0-9 and _, starting with a letter.", nameof(table));
        }

        _dataSource = NpgsqlDataSource.Create(connectionString);
        _serializer = serializer;
        _logger = logger;
        _table = table;
    }

    /// <inheritdoc />
    /// <exception cref="GrainStorageException">The database could not be reached or refused the query.</exception>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            await ReadStateCoreAsync(stateName, grainId, grainState).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Failed(ex, "read", stateName, grainId);
        }
    }

    private async Task ReadStateCoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"SELECT etag, payload FROM {_table} WHERE state_name = $1 AND grain_id = $2", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = stateName });
                command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
                var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync().ConfigureAwait(false))
                    {
                        grainState.State = Activator.CreateInstance<T>();
                        grainState.ETag = null;
                        grainState.RecordExists = false;
                        return;
                    }

                    grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
                    grainState.State = _serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(1));
                    grainState.RecordExists = true;
                }
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="InconsistentStateException">Another activation wrote the state since it was read.</exception>
    /// <exception cref="GrainStorageException">The database could not be reached or refused the query.</exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            await WriteStateCoreAsync(stateName, grainId, grainState).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Failed(ex, "write", stateName, grainId);
        }
    }

    private async Task WriteStateCoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var payload = _serializer.SerializeToArray(grainState.State);
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var sql = expected is null
            ? $"INSERT INTO {_table} (state_name, grain_id, etag, payload) VALUES ($1, $2, 1, $3) ON CONFLICT DO NOTHING RETURNING etag"
            : $"UPDATE {_table} SET etag = etag + 1, payload = $3 WHERE state_name = $1 AND grain_id = $2 AND etag = $4 RETURNING etag";
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = stateName });
                command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
                command.Parameters.Add(new NpgsqlParameter { Value = payload });
                if (expected is not null)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = expected.Value });
                }

                var etag = await command.ExecuteScalarAsync().ConfigureAwait(false);
                if (etag is not long written)
                {
                    Log.Conflict(_logger, stateName, grainId.ToString());
                    throw new InconsistentStateException($"The {stateName} state of {grainId} changed since it was read.", grainState.ETag ?? "none", "unknown");
                }

                grainState.ETag = written.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="GrainStorageException">The database could not be reached or refused the query.</exception>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            await ClearStateCoreAsync(stateName, grainId, grainState).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Failed(ex, "clear", stateName, grainId);
        }
    }

    private async Task ClearStateCoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE state_name = $1 AND grain_id = $2", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = stateName });
                command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _migrate.Dispose();
    }

    private async Task EnsureTableAsync()
    {
        if (_migrated)
        {
            return;
        }

        await _migrate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // CREATE TABLE IF NOT EXISTS is not safe against itself: two silos activating their first shards at once
                // can both pass the existence check and one fails on the catalogue's unique index. A transaction-scoped
                // advisory lock on the table name makes the silos take turns.
                var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var command = new NpgsqlCommand(
                        $"SELECT pg_advisory_xact_lock(hashtext('{_table}.migrate')); CREATE TABLE IF NOT EXISTS {_table} (state_name text NOT NULL, grain_id text NOT NULL, etag bigint NOT NULL, payload bytea NOT NULL, PRIMARY KEY (state_name, grain_id))",
                        connection,
                        transaction);
                    await using (command.ConfigureAwait(false))
                    {
                        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }

                    await transaction.CommitAsync().ConfigureAwait(false);
                }
            }

            _migrated = true;
        }
        finally
        {
            _migrate.Release();
        }
    }

    private GrainStorageException Failed(NpgsqlException ex, string operation, string stateName, GrainId grainId)
    {
        var sqlState = (ex as PostgresException)?.SqlState;
        Log.Failed(_logger, ex, operation, stateName, grainId.ToString(), sqlState ?? "none");
        return new GrainStorageException($"Could not {operation} the {stateName} state of {grainId} (SQLSTATE {sqlState ?? "none"}).", sqlState);
    }

    private static bool IsIdentifier(string? name) =>
        name is { Length: > 0 and <= 63 } && char.IsAsciiLetterLower(name[0]) && !name.AsSpan().ContainsAnyExcept(IdentifierCharacters);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Grain state {StateName} of {GrainId} was written by another activation")]
        public static partial void Conflict(ILogger logger, string stateName, string grainId);

        [LoggerMessage(2, LogLevel.Error, "Could not {Operation} grain state {StateName} of {GrainId} (SQLSTATE {SqlState})")]
        public static partial void Failed(ILogger logger, Exception exception, string operation, string stateName, string grainId, string sqlState);
    }
}
