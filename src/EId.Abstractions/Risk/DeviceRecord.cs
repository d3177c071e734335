namespace EId.Risk;

/// <summary>An enrolled device as the device registry knows it.</summary>
public sealed record DeviceRecord
{
    /// <summary>Device id.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The site (kiosk location, courier depot).</summary>
    public required string SiteId { get; init; }

    /// <summary>The device's Ed25519 public key (32 bytes, raw).</summary>
    public required ReadOnlyMemory<byte> PublicKey { get; init; }

    /// <summary>Current status.</summary>
    public DeviceStatus Status { get; init; } = DeviceStatus.Active;

    /// <summary>Start of validity.</summary>
    public DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset ValidUntil { get; init; }

    /// <summary>What the device may do (e.g. <c>issue-eid</c>, <c>verify-sender</c>).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];
}
