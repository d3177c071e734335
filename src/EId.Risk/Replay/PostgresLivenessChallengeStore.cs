using EId.Faces;
using EId.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace EId.Risk.Replay;

/// <summary>
/// Open active-liveness challenges in PostgreSQL, shared by every server instance on the same schema: a challenge issued
/// by one instance is redeemed on any, once. Redemption is one <c>DELETE … RETURNING</c>, so of concurrent redeemers exactly
/// one gets the row; expired rows are pruned as challenges are issued. Thread-safe.
/// </summary>
public sealed class PostgresLivenessChallengeStore : ILivenessChallengeStore, IAsyncDisposable, IDisposable
{
    private const int PruneEvery = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaSetup _setup;
    private readonly string _schema;
    private int _sincePrune;

    /// <summary>Creates the store over <paramref name="connectionString"/> in <paramref name="schema"/> (table created on first use).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresLivenessChallengeStore(string connectionString, string schema = "eid_risk")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _schema = PostgresSchemaSetup.CheckSchema(schema, nameof(schema));
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _setup = new PostgresSchemaSetup(_dataSource, _schema, $"""
            CREATE TABLE IF NOT EXISTS {_schema}.liveness_challenges (
                id text PRIMARY KEY,
                steps smallint[] NOT NULL,
                issued_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                step_time_limit_ms bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS liveness_challenges_expiry ON {_schema}.liveness_challenges (expires_at);
            """);
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(LivenessChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
        {
            Interlocked.Exchange(ref _sincePrune, 0);
            var prune = _dataSource.CreateCommand($"DELETE FROM {_schema}.liveness_challenges WHERE expires_at <= @now");
            await using (prune.ConfigureAwait(false))
            {
                prune.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, challenge.IssuedAt.UtcDateTime);
                await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // The same nonce derives the same id and steps: issuing it again re-opens that challenge (as the in-process issuer does).
        var command = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.liveness_challenges (id, steps, issued_at, expires_at, step_time_limit_ms)
            VALUES (@id, @steps, @issued, @expires, @limit)
            ON CONFLICT (id) DO UPDATE SET steps = excluded.steps, issued_at = excluded.issued_at,
                expires_at = excluded.expires_at, step_time_limit_ms = excluded.step_time_limit_ms
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", challenge.Id);
            command.Parameters.AddWithValue("steps", challenge.Steps.Select(s => (short)s).ToArray());
            command.Parameters.AddWithValue("issued", NpgsqlDbType.TimestampTz, challenge.IssuedAt.UtcDateTime);
            command.Parameters.AddWithValue("expires", NpgsqlDbType.TimestampTz, challenge.ExpiresAt.UtcDateTime);
            command.Parameters.AddWithValue("limit", (long)challenge.StepTimeLimit.TotalMilliseconds);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<LivenessChallenge?> TryRedeemAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);

        // Deleted whether or not it has expired: an expired challenge is refused and never becomes redeemable again.
        var command = _dataSource.CreateCommand($"DELETE FROM {_schema}.liveness_challenges WHERE id = @id RETURNING steps, issued_at, expires_at, step_time_limit_ms");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", id);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var expiresAt = new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero);
                if (expiresAt <= now)
                {
                    return null;
                }

                return new LivenessChallenge(
                    id,
                    [.. reader.GetFieldValue<short[]>(0).Select(s => (ChallengeKind)s)],
                    new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                    expiresAt,
                    TimeSpan.FromMilliseconds(reader.GetInt64(3)));
            }
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
}
