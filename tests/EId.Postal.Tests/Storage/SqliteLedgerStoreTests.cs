using EId.Postal.Ledger;
using EId.Postal.Storage;
using Microsoft.Data.Sqlite;

namespace EId.Postal.Tests.Storage;

public sealed class SqliteLedgerStoreTests : LedgerStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eid-postal-").FullName;
    private readonly Dictionary<ILedgerStore, string> _paths = [];

    protected override ValueTask<ILedgerStore> CreateStoreAsync()
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db");
        var store = new SqliteLedgerStore(path);
        _paths[store] = path;
        return ValueTask.FromResult<ILedgerStore>(store);
    }

    protected override ValueTask<ILedgerStore> OpenSameAsync(ILedgerStore store)
    {
        var path = _paths[store];
        var other = Track(new SqliteLedgerStore(path));
        _paths[other] = path;
        return ValueTask.FromResult<ILedgerStore>(other);
    }

    protected override ValueTask SetBodyAsync(ILedgerStore store, long sequence, byte[] body) =>
        ExecuteAsync(store, "UPDATE entries SET body = $v WHERE seq = $seq", sequence, body);

    protected override ValueTask SetSenderTokenAsync(ILedgerStore store, long sequence, string token) =>
        ExecuteAsync(store, "UPDATE entries SET sender_token = $v WHERE seq = $seq", sequence, token);

    protected override ValueTask DeleteEntryAsync(ILedgerStore store, long sequence) =>
        ExecuteAsync(store, "DELETE FROM entries WHERE seq = $seq", sequence, null);

    protected override async ValueTask SwapSequencesAsync(ILedgerStore store, long a, long b)
    {
        await ExecuteAsync(store, "UPDATE entries SET seq = -1 WHERE seq = $seq", a, null);
        await ExecuteAsync(store, "UPDATE entries SET seq = $v WHERE seq = $seq", b, a);
        await ExecuteAsync(store, "UPDATE entries SET seq = $v WHERE seq = -1", 0, b);
    }

    [Fact]
    public async Task Opens_in_wal_mode_with_the_schema_version_set()
    {
        var store = Track(await CreateStoreAsync());
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken);

        using var connection = new SqliteConnection($"Data Source={_paths[store]};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal(2L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Version_1_file_is_verifiable_as_is_and_migrates_to_the_sender_key_index()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Track(await CreateStoreAsync());
        var ledger = Support.TestLedger.Create(store, Keys);
        Assert.True((await ledger.TryAppendBatchAsync([.. Enumerable.Range(1, 12).Select(i => Support.TestLedger.Parcel(i))], ct)).IsSuccess);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DowngradeToVersion1(_paths[store]);

        // The verifier reads a version 1 file without migrating it (the CLI opens files read-only).
        await using (var readOnly = new SqliteLedgerStore(_paths[store]))
        {
            var verification = await ChainVerifier.VerifyAsync(readOnly, Keys, ct);
            Assert.True(verification.IsIntact, verification.Problem);
            Assert.Equal(1L, Scalar(_paths[store], "PRAGMA user_version;"));
        }

        var reopened = Track(new SqliteLedgerStore(_paths[store]));
        var migrated = Support.TestLedger.Create(reopened, Keys);
        var bySender = await migrated.QueryAsync(new LedgerQuery { From = Support.TestLedger.Start, To = Support.TestLedger.Start.AddDays(1), SenderToken = Support.TestLedger.TokenOf(2) }, withPii: true, ct);
        var next = await migrated.AppendAsync(Support.TestLedger.Parcel(13), ct);

        Assert.Equal(2L, Scalar(_paths[store], "PRAGMA user_version;"));
        Assert.Equal(0L, Scalar(_paths[store], "SELECT count(*) FROM entries WHERE sender_key = 0;"));
        Assert.Equal(0L, Scalar(_paths[store], "SELECT count(*) FROM sqlite_master WHERE name = 'ix_entries_sender';"));
        Assert.Equal([2L, 5L, 8L, 11L], bySender.Select(p => long.Parse(p.WaybillNumber[2..12], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(bySender, p => Assert.Equal(Support.TestLedger.Pii(2), p.SenderPii));
        Assert.Equal(13, next.Sequence);
        Assert.True((await migrated.VerifyChainAsync(ct)).IsIntact);
    }

    [Fact]
    public async Task Edited_sender_key_is_detected_as_an_index_mismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Track(await CreateStoreAsync());
        var ledger = Support.TestLedger.Create(store, Keys);
        Assert.True((await ledger.TryAppendBatchAsync([.. Enumerable.Range(1, 6).Select(i => Support.TestLedger.Parcel(i))], ct)).IsSuccess);

        // Pointing entry 4 at another sender's key would hide it from that sender's query.
        await ExecuteAsync(store, "UPDATE entries SET sender_key = sender_key + 1 WHERE seq = $seq", 4, null);
        var result = await ledger.VerifyChainAsync(ct);

        Assert.Equal(4, result.FirstBadSequence);
        Assert.Equal(ChainProblem.IndexMismatch, result.Reason);
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused()
    {
        var store = Track(await CreateStoreAsync());
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Scalar(_paths[store], "PRAGMA user_version = 3;");

        var newer = Track(new SqliteLedgerStore(_paths[store]));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await newer.InitializeAsync(TestContext.Current.CancellationToken));
        Assert.Contains("schema version 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sender_key_is_64_bit_fnv_1a_and_stable()
    {
        // Published FNV-1a 64 test vectors (ASCII, one code unit per byte): the key is stored, so it must never change.
        Assert.Equal(unchecked((long)0xcbf29ce484222325UL), SqliteLedgerStore.SenderKey(string.Empty));
        Assert.Equal(unchecked((long)0xaf63dc4c8601ec8cUL), SqliteLedgerStore.SenderKey("a"));
        Assert.Equal(unchecked((long)0x85944171f73967e8UL), SqliteLedgerStore.SenderKey("foobar"));
        Assert.NotEqual(SqliteLedgerStore.SenderKey(Support.TestLedger.TokenOf(1)), SqliteLedgerStore.SenderKey(Support.TestLedger.TokenOf(2)));
    }

    // Rebuilds the schema version 1 layout (token index, no sender_key column) around the stored rows.
    private static void DowngradeToVersion1(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DROP INDEX ix_entries_sender_key;
            ALTER TABLE entries DROP COLUMN sender_key;
            CREATE INDEX ix_entries_sender ON entries (sender_token, accepted_at);
            PRAGMA user_version = 1;
            """;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may linger for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private async ValueTask ExecuteAsync(ILedgerStore store, string sql, long sequence, object? value)
    {
        await using var connection = new SqliteConnection($"Data Source={_paths[store]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$v", value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }
}
