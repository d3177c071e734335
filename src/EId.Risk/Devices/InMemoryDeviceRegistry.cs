namespace EId.Risk.Devices;

/// <summary>A process-local device registry with history (tests, single-process hosts). Thread-safe.</summary>
public sealed class InMemoryDeviceRegistry : IDeviceRegistry
{
    private readonly Dictionary<string, DeviceRecord> _devices = new(StringComparer.Ordinal);
    private readonly List<DeviceStatusChange> _history = [];
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Creates an empty registry.</summary>
    public InMemoryDeviceRegistry(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public ValueTask<DeviceRecord?> FindAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_devices.GetValueOrDefault(deviceId));
        }
    }

    /// <inheritdoc />
    public ValueTask EnrollAsync(DeviceRecord device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_gate)
        {
            var keyChanged = !_devices.TryGetValue(device.DeviceId, out var previous) || !previous.PublicKey.Span.SequenceEqual(device.PublicKey.Span);
            _devices[device.DeviceId] = device with { PublicKey = device.PublicKey.ToArray(), Capabilities = [.. device.Capabilities] };
            _history.Add(new DeviceStatusChange(device.DeviceId, device.Status, _time.GetUtcNow(), keyChanged));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> SetStatusAsync(string deviceId, DeviceStatus status, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_devices.TryGetValue(deviceId, out var device))
            {
                return ValueTask.FromResult(false);
            }

            _devices[deviceId] = device with { Status = status };
            _history.Add(new DeviceStatusChange(deviceId, status, _time.GetUtcNow(), false));
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>The device's history, oldest first.</summary>
    public ValueTask<IReadOnlyList<DeviceStatusChange>> GetHistoryAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<DeviceStatusChange>>([.. _history.Where(h => h.DeviceId == deviceId)]);
        }
    }
}
