using EId.Testing;
using EId.Risk.Store;
using Microsoft.Data.Sqlite;

namespace EId.Risk.Tests.Store;

public sealed class SqliteRiskStoreTests : DurableRiskStoreContract
{
    private readonly TempSqliteFile _file = new("risk");
    private string _path => _file.Path;

    protected override IRiskStore CreateStore() => new SqliteRiskStore(_path);

    protected override IRiskStore Reopen(IRiskStore store)
    {
        ((SqliteRiskStore)store).Dispose();
        return new SqliteRiskStore(_path);
    }

    [Fact]
    public async Task Rows_cannot_be_updated_or_deleted_and_the_journal_is_wal()
    {
        await Store.AppendAsync(Event(T0, "s", "d", RiskDecision.Deny), TestContext.Current.CancellationToken);
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", journal.ExecuteScalar() as string);

        foreach (var sql in new[] { "UPDATE risk_events SET decision = 0", "DELETE FROM risk_events" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        }

        Assert.Single(await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Stores_opened_concurrently_on_a_new_file_migrate_once()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new SqliteRiskStore(_path))));
        try
        {
            await Task.WhenAll(stores.Select(s => s.AppendAsync(Event(T0, "s", "d", RiskDecision.Deny), TestContext.Current.CancellationToken).AsTask()));
            Assert.Equal(4, (await stores[0].QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken)).Count);
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}
