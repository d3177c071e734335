namespace EId.Server;

/// <summary>The example server's own settings (section <c>EId:Server</c>); the packages' options have their own sections.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "EId:Server";

    /// <summary>The demo work folder (keys, stores, citizens); default <c>artifacts/demo</c> in the repository, else <c>./eid-demo</c>.</summary>
    public string? WorkFolder { get; set; }

    /// <summary>Run the passive PAD check in the issuer and the identity server (off only for demos without real faces).</summary>
    public bool PassiveLiveness { get; set; } = true;

    /// <summary>
    /// The registry host the issuer and identity server reach over the sealed channel. Default: this server's own
    /// <c>/registry</c> endpoint (the first of its URLs); point it elsewhere to use a separate registry host.
    /// </summary>
    public Uri? RegistryUrl { get; set; }

    /// <summary>
    /// Require the active challenge (with the passive check) for every live capture, issuance and courier intake alike:
    /// devices ask <c>POST /v1/eid/challenge</c> for the steps (turn, blink…), record the person performing them and quote
    /// the challenge id in the capture. Default true; false only for demos with still photos.
    /// </summary>
    public bool ActiveLiveness { get; set; } = true;

    /// <summary>Whether parcel intake requires a device-signed request from an enrolled handheld (capability <c>accept-parcel</c>).</summary>
    public bool RequireSignedParcels { get; set; } = true;

    /// <summary>The gateway action (device capability) parcel intake asks for.</summary>
    public string ParcelAction { get; set; } = EId.Demo.DemoKeys.ParcelCapability;

    /// <summary>The largest parcel-intake body accepted (a card, a few frames, the parcel).</summary>
    public int MaxParcelRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// The folder of pseudonymised parcel facts (written by <c>eid ledger export-facts</c> or this server's
    /// <c>ParcelFactExporter</c>): when set, the regulator statistics are answered by DuckDB over these Parquet files and
    /// intake decisions (refusals too) are recorded for the next export. Default null: statistics counted from the ledger.
    /// </summary>
    public string? AnalyticsFacts { get; set; }
}
