namespace EId.Risk;

/// <summary>Enrolled devices and their status.</summary>
public interface IDeviceRegistry
{
    /// <summary>The device, or null when not enrolled.</summary>
    ValueTask<DeviceRecord?> FindAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Enrols or replaces a device (key rotation replaces the key).</summary>
    ValueTask EnrollAsync(DeviceRecord device, CancellationToken cancellationToken = default);

    /// <summary>Changes a device's status; false when the device is unknown.</summary>
    ValueTask<bool> SetStatusAsync(string deviceId, DeviceStatus status, CancellationToken cancellationToken = default);
}
