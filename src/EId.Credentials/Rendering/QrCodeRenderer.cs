using System.Text;
using QRCoder;

namespace EId.Credentials.Rendering;

/// <summary>
/// Draws QR codes with QRCoder. Base45 text uses only the QR alphanumeric alphabet, so QRCoder picks
/// alphanumeric mode (5.5 bits per character) by itself.
/// </summary>
public static class QrCodeRenderer
{
    /// <summary>The QR version (1–40) <paramref name="text"/> needs at <paramref name="errorCorrection"/>.</summary>
    /// <exception cref="ArgumentException">The text does not fit any QR version.</exception>
    public static int VersionFor(string text, QrErrorCorrection errorCorrection = QrErrorCorrection.M)
    {
        using var data = Generate(text, errorCorrection);
        return data.Version;
    }

    /// <summary>The module matrix (true = dark), including the quiet zone when requested.</summary>
    public static bool[,] Modules(string text, QrRenderOptions? options = null)
    {
        options ??= QrRenderOptions.Default;
        using var data = Generate(text, options.ErrorCorrection);
        var margin = options.QuietZone ? 0 : 4;
        var size = data.ModuleMatrix.Count - (2 * margin);
        var modules = new bool[size, size];
        for (var y = 0; y < size; y++)
        {
            var row = data.ModuleMatrix[y + margin];
            for (var x = 0; x < size; x++)
            {
                modules[y, x] = row[x + margin];
            }
        }

        return modules;
    }

    /// <summary>Renders a black-on-white PNG.</summary>
    public static byte[] RenderPng(string text, QrRenderOptions? options = null)
    {
        options ??= QrRenderOptions.Default;
        using var data = Generate(text, options.ErrorCorrection);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(options.PixelsPerModule, options.QuietZone);
    }

    /// <summary>Renders an SVG document.</summary>
    public static string RenderSvg(string text, QrRenderOptions? options = null)
    {
        options ??= QrRenderOptions.Default;
        using var data = Generate(text, options.ErrorCorrection);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(options.PixelsPerModule, "#000000", "#ffffff", options.QuietZone);
    }

    /// <summary>Renders for a terminal.</summary>
    public static string RenderTerminal(string text, TerminalStyle style = TerminalStyle.HalfBlocks, QrRenderOptions? options = null)
    {
        options ??= QrRenderOptions.Default;
        if (style == TerminalStyle.HalfBlocks)
        {
            using var data = Generate(text, options.ErrorCorrection);
            using var ascii = new AsciiQRCode(data);
            return ascii.GetGraphicSmall(options.QuietZone, invert: false, endOfLine: "\n");
        }

        var modules = Modules(text, options);
        var size = modules.GetLength(0);
        var builder = new StringBuilder(size * (size + 8) * 2);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                builder.Append(style switch
                {
                    TerminalStyle.Ascii => modules[y, x] ? "##" : "  ",
                    _ => modules[y, x] ? "\u001b[40m  " : "\u001b[47m  ",
                });
            }

            builder.Append(style == TerminalStyle.Ansi ? "\u001b[0m\n" : "\n");
        }

        return builder.ToString();
    }

    private static QRCodeData Generate(string text, QrErrorCorrection errorCorrection)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ecc = errorCorrection switch
        {
            QrErrorCorrection.L => QRCodeGenerator.ECCLevel.L,
            QrErrorCorrection.Q => QRCodeGenerator.ECCLevel.Q,
            QrErrorCorrection.H => QRCodeGenerator.ECCLevel.H,
            _ => QRCodeGenerator.ECCLevel.M,
        };
        return QRCodeGenerator.GenerateQrCode(text, ecc);
    }
}
