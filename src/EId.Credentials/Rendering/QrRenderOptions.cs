namespace EId.Credentials.Rendering;

/// <summary>How a QR code is drawn.</summary>
public sealed record QrRenderOptions
{
    /// <summary>Defaults: ECC M, 4 pixels per module, 4-module quiet zone.</summary>
    public static QrRenderOptions Default { get; } = new();

    /// <summary>Error-correction level.</summary>
    public QrErrorCorrection ErrorCorrection { get; init; } = QrErrorCorrection.M;

    /// <summary>Pixels (PNG) or SVG units per module.</summary>
    public int PixelsPerModule { get; init; } = 4;

    /// <summary>Draw the 4-module quiet zone scanners need.</summary>
    public bool QuietZone { get; init; } = true;
}
