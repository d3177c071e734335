using EId.Risk.Devices;
using Npgsql;

namespace EId.Risk.Tests.Devices;

/// <summary>The device registry contract on PostgreSQL, plus what only a shared store can show: two instances see one truth.</summary>
public sealed class PostgresDeviceRegistryTests : DeviceRegistryContract
{
    private readonly string _schema = $"eid_devices_test_{Guid.NewGuid():N}"[..40];
    private readonly PostgresDeviceRegistry _registry;

    public PostgresDeviceRegistryTests() => _registry = new PostgresDeviceRegistry(ConnectionString, _schema, Time);

    protected override IDeviceRegistry Registry => _registry;

    private static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
            return value!;
        }
    }

    protected override ValueTask<IReadOnlyList<DeviceStatusChange>> HistoryAsync(string deviceId) => _registry.GetHistoryAsync(deviceId);

    [Fact]
    public async Task A_revocation_through_one_instance_is_what_another_instance_reads()
    {
        await using var other = new PostgresDeviceRegistry(ConnectionString, _schema, Time);
        await _registry.EnrollAsync(new DeviceRecord { DeviceId = "kiosk-7", SiteId = "s", PublicKey = new byte[32], ValidFrom = Time.GetUtcNow(), ValidUntil = Time.GetUtcNow().AddDays(1) }, TestContext.Current.CancellationToken);
        Assert.Equal(DeviceStatus.Active, (await other.FindAsync("kiosk-7", TestContext.Current.CancellationToken))!.Status);

        Assert.True(await other.SetStatusAsync("kiosk-7", DeviceStatus.Revoked, TestContext.Current.CancellationToken));

        Assert.Equal(DeviceStatus.Revoked, (await _registry.FindAsync("kiosk-7", TestContext.Current.CancellationToken))!.Status);
        Assert.Equal([DeviceStatus.Active, DeviceStatus.Revoked], (await _registry.GetHistoryAsync("kiosk-7", TestContext.Current.CancellationToken)).Select(h => h.Status));
    }

    [Fact]
    public async Task The_history_is_append_only_in_the_database()
    {
        await _registry.EnrollAsync(new DeviceRecord { DeviceId = "d", SiteId = "s", PublicKey = new byte[32], ValidFrom = Time.GetUtcNow(), ValidUntil = Time.GetUtcNow().AddDays(1) }, TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var sql in new[] { $"UPDATE {_schema}.device_history SET status = 3", $"DELETE FROM {_schema}.device_history", $"TRUNCATE {_schema}.device_history" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(async () => await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Single(await _registry.GetHistoryAsync("d", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_schema_that_is_not_an_identifier_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PostgresDeviceRegistry(ConnectionString, "eid; drop table x"));
    }

    public override void Dispose()
    {
        _registry.Dispose();
        var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(value))
        {
            using var connection = new NpgsqlConnection(value);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }

        base.Dispose();
    }
}
