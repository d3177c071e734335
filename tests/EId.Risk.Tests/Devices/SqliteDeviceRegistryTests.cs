using EId.Testing;
using EId.Risk.Devices;
using Microsoft.Extensions.Time.Testing;

namespace EId.Risk.Tests.Devices;

public sealed class SqliteDeviceRegistryTests : DeviceRegistryContract
{
    private readonly TempSqliteFile _file = new("devices");
    private string _path => _file.Path;
    private SqliteDeviceRegistry _registry;

    public SqliteDeviceRegistryTests() => _registry = new SqliteDeviceRegistry(_path, Time);

    protected override IDeviceRegistry Registry => _registry;

    protected override ValueTask<IReadOnlyList<DeviceStatusChange>> HistoryAsync(string deviceId) => _registry.GetHistoryAsync(deviceId);

    [Fact]
    public async Task Devices_and_history_survive_reopening()
    {
        await _registry.EnrollAsync(new DeviceRecord { DeviceId = "d", SiteId = "s", PublicKey = new byte[32], ValidFrom = Time.GetUtcNow(), ValidUntil = Time.GetUtcNow().AddDays(1) }, TestContext.Current.CancellationToken);
        await _registry.SetStatusAsync("d", DeviceStatus.Revoked, TestContext.Current.CancellationToken);
        _registry.Dispose();
        _registry = new SqliteDeviceRegistry(_path, Time);

        Assert.Equal(DeviceStatus.Revoked, (await _registry.FindAsync("d", TestContext.Current.CancellationToken))!.Status);
        Assert.Equal(2, (await _registry.GetHistoryAsync("d", TestContext.Current.CancellationToken)).Count);
    }

    public override void Dispose()
    {
        _registry.Dispose();
        _file.Dispose();

        base.Dispose();
    }
}
