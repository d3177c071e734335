using System.Security.Cryptography;
using EId.Issuance.Remote;
using Microsoft.Data.Sqlite;

namespace EId.Issuance.Journal;

/// <summary>
/// An <see cref="IIssuanceJournal"/> in a SQLite file (WAL). One row per device and request id; the
/// claim is an <c>INSERT</c> guarded by the primary key, so two processes cannot both decide one request.
/// Decided outcomes (which include the issued QR text and the subject) are sealed at rest under the journal key
/// (ChaCha20-Poly1305, bound to their request key) and deleted after the retention period. A row this key cannot open
/// (another key, or a file from an older version) counts as undecided: the request is decided again.
/// </summary>
public sealed class SqliteIssuanceJournal : IIssuanceJournal, IDisposable
{
    private readonly byte[] _outcomeKey;
    private readonly string _connectionString;
    private readonly TimeSpan _pendingTimeout;
    private readonly TimeSpan _retention;

    /// <summary>Opens (and creates when missing) the journal.</summary>
    /// <param name="path">The SQLite file path.</param>
    /// <param name="pendingTimeout">How long a pending claim blocks others before it counts as abandoned.</param>
    /// <param name="retention">How long decided outcomes are kept.</param>
    /// <param name="outcomeKey">
    /// 32-byte key that seals decided outcomes; null makes a random key for this process, so that outcomes decided before
    /// a restart are decided again rather than answered from the journal.
    /// </param>
    /// <exception cref="SqliteException">The file cannot be opened or created.</exception>
    /// <exception cref="ArgumentException"><paramref name="outcomeKey"/> is not 32 bytes.</exception>
    public SqliteIssuanceJournal(string path, TimeSpan pendingTimeout, TimeSpan retention, ReadOnlySpan<byte> outcomeKey = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!outcomeKey.IsEmpty && outcomeKey.Length != OutcomeSeal.KeySize)
        {
            throw new ArgumentException("The journal key must be 32 bytes.", nameof(outcomeKey));
        }

        _outcomeKey = outcomeKey.IsEmpty ? RandomNumberGenerator.GetBytes(OutcomeSeal.KeySize) : outcomeKey.ToArray();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _pendingTimeout = pendingTimeout;
        _retention = retention;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS issuance_journal (
                request_key TEXT PRIMARY KEY,
                payload_digest TEXT NOT NULL,
                claimed_at_ms INTEGER NOT NULL,
                decided_at_ms INTEGER,
                outcome_json TEXT
            );
            CREATE INDEX IF NOT EXISTS issuance_journal_decided ON issuance_journal (decided_at_ms);
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async ValueTask<JournalClaim> ClaimAsync(string key, string payloadDigest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payloadDigest);
        var connection = Open();
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var nowMs = now.ToUnixTimeMilliseconds();
                using (var purge = connection.CreateCommand())
                {
                    purge.Transaction = transaction;
                    purge.CommandText = "DELETE FROM issuance_journal WHERE decided_at_ms IS NOT NULL AND decided_at_ms < $cutoff";
                    purge.Parameters.AddWithValue("$cutoff", nowMs - (long)_retention.TotalMilliseconds);
                    await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                string? digest = null;
                long claimedAt = 0;
                string? json = null;
                var exists = false;
                using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = "SELECT payload_digest, claimed_at_ms, outcome_json FROM issuance_journal WHERE request_key = $key";
                    select.Parameters.AddWithValue("$key", key);
                    var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            exists = true;
                            digest = reader.GetString(0);
                            claimedAt = reader.GetInt64(1);
                            json = reader.IsDBNull(2) ? null : reader.GetString(2);
                        }
                    }
                }

                if (exists)
                {
                    if (digest != payloadDigest)
                    {
                        return new JournalClaim(JournalClaimState.PayloadMismatch);
                    }

                    if (json is not null && OutcomeSeal.Open(_outcomeKey, key, json) is { } opened && IssuanceJson.DeserializeOutcome(opened) is { } outcome)
                    {
                        return new JournalClaim(JournalClaimState.Completed, outcome with { FromJournal = true });
                    }

                    if (json is null && nowMs - claimedAt < (long)_pendingTimeout.TotalMilliseconds)
                    {
                        return new JournalClaim(JournalClaimState.InProgress);
                    }
                }

                using (var upsert = connection.CreateCommand())
                {
                    upsert.Transaction = transaction;
                    upsert.CommandText = """
                        INSERT INTO issuance_journal (request_key, payload_digest, claimed_at_ms) VALUES ($key, $digest, $now)
                        ON CONFLICT (request_key) DO UPDATE SET payload_digest = excluded.payload_digest, claimed_at_ms = excluded.claimed_at_ms,
                            decided_at_ms = NULL, outcome_json = NULL
                        """;
                    upsert.Parameters.AddWithValue("$key", key);
                    upsert.Parameters.AddWithValue("$digest", payloadDigest);
                    upsert.Parameters.AddWithValue("$now", nowMs);
                    await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new JournalClaim(JournalClaimState.Claimed);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(string key, IssuanceOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var connection = Open();
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE issuance_journal SET decided_at_ms = $at, outcome_json = $json WHERE request_key = $key";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$at", outcome.DecidedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$json", OutcomeSeal.Seal(_outcomeKey, key, IssuanceJson.SerializeOutcome(outcome)));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        var connection = Open();
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM issuance_journal WHERE request_key = $key AND outcome_json IS NULL";
            command.Parameters.AddWithValue("$key", key);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Clears the journal key from memory.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_outcomeKey);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
