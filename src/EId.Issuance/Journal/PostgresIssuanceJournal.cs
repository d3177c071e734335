using System.Security.Cryptography;
using EId.Issuance.Remote;
using EId.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace EId.Issuance.Journal;

/// <summary>
/// An <see cref="IIssuanceJournal"/> in PostgreSQL, shared by every issuer instance on the same schema: one row per
/// device and request id. The claim is an <c>INSERT … ON CONFLICT DO NOTHING</c> on the primary key, then a row lock on
/// the existing row, so of two instances receiving the same request id exactly one decides it; the other gets
/// <see cref="JournalClaimState.InProgress"/> or, once decided, the journaled outcome. Outcomes are sealed at rest under
/// the journal key as in <see cref="SqliteIssuanceJournal"/> (every instance needs the same key to answer another's
/// outcome) and deleted after the retention period. Thread-safe.
/// </summary>
public sealed class PostgresIssuanceJournal : IIssuanceJournal, IAsyncDisposable, IDisposable
{
    private readonly byte[] _outcomeKey;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaSetup _setup;
    private readonly string _schema;
    private readonly TimeSpan _pendingTimeout;
    private readonly TimeSpan _retention;

    /// <summary>Creates the journal over <paramref name="connectionString"/> in <paramref name="schema"/> (table created on first use).</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema (lower-case letters, digits, '_').</param>
    /// <param name="pendingTimeout">How long a pending claim blocks others before it counts as abandoned.</param>
    /// <param name="retention">How long decided outcomes are kept.</param>
    /// <param name="outcomeKey">32-byte key that seals decided outcomes; empty makes a random key for this instance (outcomes are then decided again elsewhere).</param>
    /// <exception cref="ArgumentException">The schema is not an identifier, or <paramref name="outcomeKey"/> is not 32 bytes.</exception>
    public PostgresIssuanceJournal(string connectionString, string schema, TimeSpan pendingTimeout, TimeSpan retention, ReadOnlySpan<byte> outcomeKey = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _schema = PostgresSchemaSetup.CheckSchema(schema, nameof(schema));
        if (!outcomeKey.IsEmpty && outcomeKey.Length != OutcomeSeal.KeySize)
        {
            throw new ArgumentException("The journal key must be 32 bytes.", nameof(outcomeKey));
        }

        _outcomeKey = outcomeKey.IsEmpty ? RandomNumberGenerator.GetBytes(OutcomeSeal.KeySize) : outcomeKey.ToArray();
        _pendingTimeout = pendingTimeout;
        _retention = retention;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _setup = new PostgresSchemaSetup(_dataSource, _schema, $"""
            CREATE TABLE IF NOT EXISTS {_schema}.issuance_journal (
                request_key text PRIMARY KEY,
                payload_digest text NOT NULL,
                claimed_at timestamptz NOT NULL,
                decided_at timestamptz NULL,
                outcome_sealed text NULL);
            CREATE INDEX IF NOT EXISTS issuance_journal_decided ON {_schema}.issuance_journal (decided_at);
            """);
    }

    /// <inheritdoc />
    public async ValueTask<JournalClaim> ClaimAsync(string key, string payloadDigest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payloadDigest);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await PurgeAsync(connection, transaction, now, cancellationToken).ConfigureAwait(false);

                // The unique key decides: a concurrent inserter of the same key waits here until the first commits.
                var insert = new NpgsqlCommand($"""
                    INSERT INTO {_schema}.issuance_journal (request_key, payload_digest, claimed_at) VALUES (@key, @digest, @now)
                    ON CONFLICT (request_key) DO NOTHING
                    """, connection, transaction);
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.AddWithValue("key", key);
                    insert.Parameters.AddWithValue("digest", payloadDigest);
                    insert.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
                    if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return new JournalClaim(JournalClaimState.Claimed);
                    }
                }

                string digest;
                DateTime claimedAt;
                string? sealedOutcome;
                var select = new NpgsqlCommand($"SELECT payload_digest, claimed_at, outcome_sealed FROM {_schema}.issuance_journal WHERE request_key = @key FOR UPDATE", connection, transaction);
                await using (select.ConfigureAwait(false))
                {
                    select.Parameters.AddWithValue("key", key);
                    var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            // Released between our insert and our read: the caller may simply ask again.
                            return new JournalClaim(JournalClaimState.InProgress);
                        }

                        digest = reader.GetString(0);
                        claimedAt = reader.GetDateTime(1);
                        sealedOutcome = reader.IsDBNull(2) ? null : reader.GetString(2);
                    }
                }

                if (digest != payloadDigest)
                {
                    return new JournalClaim(JournalClaimState.PayloadMismatch);
                }

                if (sealedOutcome is not null && OutcomeSeal.Open(_outcomeKey, key, sealedOutcome) is { } opened && IssuanceJson.DeserializeOutcome(opened) is { } outcome)
                {
                    return new JournalClaim(JournalClaimState.Completed, outcome with { FromJournal = true });
                }

                if (sealedOutcome is null && now.UtcDateTime - claimedAt < _pendingTimeout)
                {
                    return new JournalClaim(JournalClaimState.InProgress);
                }

                // An abandoned claim, or an outcome this key cannot open: decide the request again.
                var takeOver = new NpgsqlCommand($"""
                    UPDATE {_schema}.issuance_journal SET claimed_at = @now, decided_at = NULL, outcome_sealed = NULL WHERE request_key = @key
                    """, connection, transaction);
                await using (takeOver.ConfigureAwait(false))
                {
                    takeOver.Parameters.AddWithValue("key", key);
                    takeOver.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
                    await takeOver.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new JournalClaim(JournalClaimState.Claimed);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(string key, IssuanceOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(outcome);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"UPDATE {_schema}.issuance_journal SET decided_at = @at, outcome_sealed = @sealed WHERE request_key = @key");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, outcome.DecidedAt.UtcDateTime);
            command.Parameters.AddWithValue("sealed", OutcomeSeal.Seal(_outcomeKey, key, IssuanceJson.SerializeOutcome(outcome)));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"DELETE FROM {_schema}.issuance_journal WHERE request_key = @key AND outcome_sealed IS NULL");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection pool and clears the journal key from memory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _setup.Dispose();
        CryptographicOperations.ZeroMemory(_outcomeKey);
    }

    /// <summary>Closes the connection pool and clears the journal key from memory.</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _setup.Dispose();
        CryptographicOperations.ZeroMemory(_outcomeKey);
    }

    private async Task PurgeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"DELETE FROM {_schema}.issuance_journal WHERE decided_at IS NOT NULL AND decided_at < @cutoff", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, (now - _retention).UtcDateTime);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
