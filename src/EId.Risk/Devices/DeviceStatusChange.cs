namespace EId.Risk.Devices;

/// <summary>One entry in a device's history: an enrolment, a key rotation or a status change.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Status">The status from then on.</param>
/// <param name="At">When.</param>
/// <param name="KeyChanged">True for an enrolment or key rotation (a new public key).</param>
public sealed record DeviceStatusChange(string DeviceId, DeviceStatus Status, DateTimeOffset At, bool KeyChanged);
