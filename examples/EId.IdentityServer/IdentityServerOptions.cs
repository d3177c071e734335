namespace EId.IdentityServer;

/// <summary>The identity server's own settings (section <c>EId:IdentityServer</c>); the packages' options have their own sections.</summary>
public sealed class IdentityServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "EId:IdentityServer";

    /// <summary>The demo work folder (keys, devices, citizens), shared with the postal server; default as <c>EId.Server</c>'s.</summary>
    public string? WorkFolder { get; set; }

    /// <summary>The postal server verdicts go to (S2).</summary>
    public Uri PostalServerUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>The registry host (sealed channel); default the postal server's address, where the example server hosts it.</summary>
    public Uri? RegistryUrl { get; set; }

    /// <summary>Require the active challenge (with passive PAD) for every capture; false only for demos with still photos.</summary>
    public bool ActiveLiveness { get; set; } = true;

    /// <summary>Run the passive PAD check (off only for demos without real faces).</summary>
    public bool PassiveLiveness { get; set; } = true;

    /// <summary>Whether handhelds must sign their requests.</summary>
    public bool RequireSignedRequests { get; set; } = true;

    /// <summary>The gateway action (device capability) a handheld needs.</summary>
    public string ParcelAction { get; set; } = EId.Demo.DemoKeys.ParcelCapability;

    /// <summary>The largest request body accepted (a card, a few frames, the parcel).</summary>
    public int MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long the identity server waits for the postal server.</summary>
    public TimeSpan PostalTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
