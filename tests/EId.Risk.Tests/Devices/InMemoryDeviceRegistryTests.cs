using EId.Risk.Devices;
using Microsoft.Extensions.Time.Testing;

namespace EId.Risk.Tests.Devices;

public sealed class InMemoryDeviceRegistryTests : DeviceRegistryContract
{
    private readonly InMemoryDeviceRegistry _registry;

    public InMemoryDeviceRegistryTests() => _registry = new InMemoryDeviceRegistry(Time);

    protected override IDeviceRegistry Registry => _registry;

    protected override ValueTask<IReadOnlyList<DeviceStatusChange>> HistoryAsync(string deviceId) => _registry.GetHistoryAsync(deviceId);
}
