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
        Assert.Equal(1L, command.ExecuteScalar());
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
