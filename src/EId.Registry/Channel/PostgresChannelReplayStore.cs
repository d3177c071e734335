using EId.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace EId.Registry.Channel;

/// <summary>
/// Accepted sealed-channel message ids in PostgreSQL, shared by every registry host on the same schema: one row per id
/// with the time it may be forgotten; acceptance is one atomic insert-or-take-over-if-expired statement, so of two hosts
/// receiving the same request exactly one opens it. Expired rows are pruned as acceptances go by. Thread-safe.
/// </summary>
public sealed class PostgresChannelReplayStore : IChannelReplayStore, IAsyncDisposable, IDisposable
{
    private const int PruneEvery = 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaSetup _setup;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private int _sincePrune;

    /// <summary>Creates the store over <paramref name="connectionString"/> in <paramref name="schema"/> (table created on first use).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresChannelReplayStore(string connectionString, string schema = "eid_registry", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _schema = PostgresSchemaSetup.CheckSchema(schema, nameof(schema));
        _time = timeProvider ?? TimeProvider.System;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _setup = new PostgresSchemaSetup(_dataSource, _schema, $"""
            CREATE TABLE IF NOT EXISTS {_schema}.channel_messages (
                message_id bytea PRIMARY KEY,
                forget_after timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS channel_messages_expiry ON {_schema}.channel_messages (forget_after);
            """);
    }

    /// <inheritdoc />
    public async ValueTask<ChannelError?> TryAcceptAsync(ReadOnlyMemory<byte> messageId, DateTimeOffset forgetAfter, CancellationToken cancellationToken = default)
    {
        if (messageId.Length != SealedChannelProtocol.MessageIdSize)
        {
            return ChannelError.Malformed;
        }

        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().UtcDateTime;
        if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
        {
            Interlocked.Exchange(ref _sincePrune, 0);
            await PruneAsync(now, cancellationToken).ConfigureAwait(false);
        }

        // As ReplayGuard: an id is refused while its forget time has not passed (forget_after >= now).
        var command = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.channel_messages (message_id, forget_after) VALUES (@id, @forget)
            ON CONFLICT (message_id) DO UPDATE SET forget_after = excluded.forget_after
            WHERE {_schema}.channel_messages.forget_after < @now
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", messageId.ToArray());
            command.Parameters.AddWithValue("forget", NpgsqlDbType.TimestampTz, forgetAfter.UtcDateTime);
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? null : ChannelError.Replayed;
        }
    }

    /// <summary>Closes the connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _setup.Dispose();
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _setup.Dispose();
    }

    private async Task PruneAsync(DateTime now, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand($"DELETE FROM {_schema}.channel_messages WHERE forget_after < @now");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
