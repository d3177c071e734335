namespace EId.Risk.Gateway;

/// <summary>Behaviour switches of the <see cref="SecurityGateway"/>.</summary>
public sealed record SecurityGatewaySettings
{
    /// <summary>Also record allowed requests (refusals are always recorded).</summary>
    public bool RecordAllowed { get; init; }

    /// <summary>Refuse actions not listed in the device certificate's capabilities.</summary>
    public bool RequireCapability { get; init; } = true;
}
