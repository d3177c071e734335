namespace EId.Risk;

/// <summary>Lifecycle status of an enrolled issuing or verifying device.</summary>
public enum DeviceStatus
{
    /// <summary>In service.</summary>
    Active = 1,

    /// <summary>Temporarily out of service; may be reactivated.</summary>
    Suspended = 2,

    /// <summary>Permanently withdrawn (lost, stolen, cloned, decommissioned).</summary>
    Revoked = 3,
}
