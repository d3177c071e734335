using System.Globalization;
using EId.Postal.Storage;
using EId.Postal.Tests.Storage;
using Npgsql;

namespace EId.Postal.Tests.Partitioning;

/// <summary>
/// The shared ledger store contract against one stream (stream 1 of 3) of a partitioned PostgreSQL ledger
/// (<c>EID_TEST_POSTGRES</c>), one throwaway schema per store: a stream is a complete single-chain store.
/// </summary>
public sealed class PartitionedStreamStoreContractTests : LedgerStoreContract
{
    private const int StreamId = 1;
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
    private readonly Dictionary<ILedgerStore, string> _schemas = [];
    private readonly List<PartitionedPostgresLedgerStore> _owners = [];

    protected override ValueTask<ILedgerStore> CreateStoreAsync()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(ConnectionString), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a server).");
        return ValueTask.FromResult(Open($"eid_national_c{Guid.NewGuid():N}"[..36]));
    }

    protected override ValueTask<ILedgerStore> OpenSameAsync(ILedgerStore store) => ValueTask.FromResult(Open(_schemas[store]));

    protected override ValueTask SetBodyAsync(ILedgerStore store, long sequence, byte[] body) =>
        ExecuteAsync(store, "UPDATE {0}.entries SET body = @v WHERE stream = {1} AND seq = @seq", sequence, body);

    protected override ValueTask SetSenderTokenAsync(ILedgerStore store, long sequence, string token) =>
        ExecuteAsync(store, "UPDATE {0}.entries SET sender_token = @v WHERE stream = {1} AND seq = @seq", sequence, token);

    protected override ValueTask DeleteEntryAsync(ILedgerStore store, long sequence) =>
        ExecuteAsync(store, "DELETE FROM {0}.entries WHERE stream = {1} AND seq = @seq", sequence, null);

    protected override async ValueTask SwapSequencesAsync(ILedgerStore store, long a, long b)
    {
        await ExecuteAsync(store, "UPDATE {0}.entries SET seq = -1 WHERE stream = {1} AND seq = @seq", a, null);
        await ExecuteAsync(store, "UPDATE {0}.entries SET seq = @v WHERE stream = {1} AND seq = @seq", b, a);
        await ExecuteAsync(store, "UPDATE {0}.entries SET seq = @v WHERE stream = {1} AND seq = -1", 0, b);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var owner in _owners.DistinctBy(o => o.Schema))
        {
            await owner.DropSchemaAsync();
        }

        foreach (var owner in _owners)
        {
            await owner.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private ILedgerStore Open(string schema)
    {
        var owner = new PartitionedPostgresLedgerStore(ConnectionString!, 3, schema);
        _owners.Add(owner);
        var store = owner.Stream(StreamId);
        _schemas[store] = schema;
        return store;
    }

    private async ValueTask ExecuteAsync(ILedgerStore store, string sql, long sequence, object? value)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, sql, _schemas[store], StreamId), connection);
        command.Parameters.AddWithValue("seq", sequence);
        command.Parameters.AddWithValue("v", value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }
}
