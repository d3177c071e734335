using EId.Postal.Storage;
using Npgsql;

namespace EId.Postal.Tests.Storage;

/// <summary>Runs the contract against a real PostgreSQL server (<c>EID_TEST_POSTGRES</c>), one throwaway schema per store.</summary>
public sealed class PostgresLedgerStoreTests : LedgerStoreContract
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
    private readonly Dictionary<ILedgerStore, string> _schemas = [];
    private readonly List<PostgresLedgerStore> _owners = [];

    protected override ValueTask<ILedgerStore> CreateStoreAsync()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(ConnectionString), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a server).");
        var schema = $"eid_postal_t{Guid.NewGuid():N}"[..40];
        var store = new PostgresLedgerStore(ConnectionString!, schema);
        _schemas[store] = schema;
        _owners.Add(store);
        return ValueTask.FromResult<ILedgerStore>(store);
    }

    protected override ValueTask<ILedgerStore> OpenSameAsync(ILedgerStore store)
    {
        var schema = _schemas[store];
        var other = Track(new PostgresLedgerStore(ConnectionString!, schema));
        _schemas[other] = schema;
        return ValueTask.FromResult<ILedgerStore>(other);
    }

    protected override ValueTask SetBodyAsync(ILedgerStore store, long sequence, byte[] body) =>
        ExecuteAsync(store, "UPDATE {0}.entries SET body = @v WHERE seq = @seq", sequence, body);

    protected override ValueTask SetSenderTokenAsync(ILedgerStore store, long sequence, string token) =>
        ExecuteAsync(store, "UPDATE {0}.entries SET sender_token = @v WHERE seq = @seq", sequence, token);

    protected override ValueTask DeleteEntryAsync(ILedgerStore store, long sequence) =>
        ExecuteAsync(store, "DELETE FROM {0}.entries WHERE seq = @seq", sequence, null);

    protected override async ValueTask SwapSequencesAsync(ILedgerStore store, long a, long b)
    {
        await ExecuteAsync(store, "UPDATE {0}.entries SET seq = -1 WHERE seq = @seq", a, null);
        await ExecuteAsync(store, "UPDATE {0}.entries SET seq = @v WHERE seq = @seq", b, a);
        await ExecuteAsync(store, "UPDATE {0}.entries SET seq = @v WHERE seq = -1", 0, b);
    }

    [Fact]
    public async Task Entries_are_partitioned_by_month_and_migrations_are_recorded()
    {
        var store = Track(await CreateStoreAsync());
        var ledger = Support.TestLedger.Create(store, Keys);
        var november = Support.TestLedger.Parcel(1);
        var december = Support.TestLedger.Parcel(2, acceptedAt: new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        Assert.True((await ledger.TryAppendBatchAsync([november, december], TestContext.Current.CancellationToken)).IsSuccess);
        await store.InitializeAsync(TestContext.Current.CancellationToken);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var partitions = new NpgsqlCommand($"SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace WHERE p.relname = 'entries' AND n.nspname = '{_schemas[store]}'", connection);
        Assert.Equal(2L, await partitions.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        await using var versions = new NpgsqlCommand($"SELECT count(*) FROM {_schemas[store]}.schema_migrations", connection);
        Assert.Equal(1L, await versions.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var owner in _owners)
        {
            await owner.DropSchemaAsync();
        }

        await base.DisposeAsync();
    }

    private async ValueTask ExecuteAsync(ILedgerStore store, string sql, long sequence, object? value)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, _schemas[store]), connection);
        command.Parameters.AddWithValue("seq", sequence);
        command.Parameters.AddWithValue("v", value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }
}
