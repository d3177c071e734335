using EId.Risk.Store;
using Npgsql;

namespace EId.Risk.Tests.Store;

public sealed class PostgresRiskStoreTests : DurableRiskStoreContract
{
    private readonly string _schema = $"eid_risk_test_{Guid.NewGuid():N}"[..40];

    private static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
            return value!;
        }
    }

    protected override IRiskStore CreateStore() => new PostgresRiskStore(ConnectionString, _schema);

    protected override IRiskStore Reopen(IRiskStore store)
    {
        ((PostgresRiskStore)store).Dispose();
        return new PostgresRiskStore(ConnectionString, _schema);
    }

    [Fact]
    public async Task Migrations_are_versioned_and_idempotent_and_partitions_are_monthly()
    {
        var store = (PostgresRiskStore)Store;
        Assert.Equal(PostgresRiskStore.SchemaVersion, await store.MigrateAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresRiskStore.SchemaVersion, await store.MigrateAsync(TestContext.Current.CancellationToken));
        using (var second = new PostgresRiskStore(ConnectionString, _schema))
        {
            Assert.Equal(PostgresRiskStore.SchemaVersion, await second.MigrateAsync(TestContext.Current.CancellationToken));
        }

        await store.AppendBatchAsync([Event(new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero), "s", "d", RiskDecision.Deny), Event(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "s", "d", RiskDecision.Deny)], TestContext.Current.CancellationToken);

        var partitions = await store.ListPartitionsAsync(TestContext.Current.CancellationToken);
        Assert.Contains("risk_events_p202512", partitions);
        Assert.Contains("risk_events_p202601", partitions);
        Assert.Contains($"risk_events_p{DateTime.UtcNow:yyyyMM}", partitions);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var versions = new NpgsqlCommand($"SELECT count(*) FROM {_schema}.schema_version", connection);
        Assert.Equal(PostgresRiskStore.SchemaVersion, Convert.ToInt32(await versions.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        await using var delete = new NpgsqlCommand($"DELETE FROM {_schema}.risk_events", connection);
        await Assert.ThrowsAsync<PostgresException>(async () => await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Concurrent_stores_create_the_same_partition_once()
    {
        var at = new DateTimeOffset(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresRiskStore(ConnectionString, _schema)).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.AppendAsync(Event(at, "s", "d", RiskDecision.Deny), TestContext.Current.CancellationToken))));
            Assert.Equal(4, (await Store.QueryAsync(new RiskEventQuery { From = at.AddDays(-1), To = at.AddDays(1) }, TestContext.Current.CancellationToken)).Count);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(value))
        {
            await using var connection = new NpgsqlConnection(value);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}
