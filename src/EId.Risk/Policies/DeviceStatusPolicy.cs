namespace EId.Risk.Policies;

/// <summary>
/// Checks the requesting device in the <see cref="IDeviceRegistry"/>: denies unknown, suspended and revoked
/// devices, and devices without the capability for the action. The <see cref="Gateway.SecurityGateway"/>
/// already does this while authenticating; use this policy where a decision is made without the gateway.
/// </summary>
public sealed class DeviceStatusPolicy(IDeviceRegistry registry) : IRiskPolicy
{
    /// <summary>Code given when the device lacks the capability for the action.</summary>
    public static RiskReasonCode CapabilityMissing { get; } = new("device.capability_missing");

    private readonly IDeviceRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <inheritdoc />
    public string Name => "device-status";

    /// <inheritdoc />
    public async ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.DeviceId))
        {
            return RiskAssessment.Deny(RiskReasonCode.DeviceUnknown, "no device given", Name);
        }

        var device = await _registry.FindAsync(context.DeviceId, cancellationToken).ConfigureAwait(false);
        return device switch
        {
            null => RiskAssessment.Deny(RiskReasonCode.DeviceUnknown, "the device is not enrolled", Name),
            { Status: DeviceStatus.Suspended } => RiskAssessment.Deny(RiskReasonCode.DeviceSuspended, "the device is suspended", Name),
            { Status: not DeviceStatus.Active } => RiskAssessment.Deny(RiskReasonCode.DeviceRevoked, "the device is revoked", Name),
            _ when context.At < device.ValidFrom || context.At >= device.ValidUntil =>
                RiskAssessment.Deny(RiskReasonCode.CertificateInvalid, "the device enrolment is outside its validity", Name),
            _ when !device.Capabilities.Contains(context.Action, StringComparer.Ordinal) =>
                RiskAssessment.Deny(CapabilityMissing, "the device may not perform this action", Name),
            _ => RiskAssessment.Allowed,
        };
    }
}
