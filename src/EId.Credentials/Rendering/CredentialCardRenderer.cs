using System.Globalization;
using EId.Imaging;
using EId.Privacy;
using SkiaSharp;

namespace EId.Credentials.Rendering;

/// <summary>
/// Draws a printable ID-1 sized card (85.6 × 54 mm at 300 dpi): title, the holder's name, masked ID number,
/// validity, serial, the face thumbnail and the QR code. Output is PNG.
/// </summary>
public static class CredentialCardRenderer
{
    private const int Width = 1011;
    private const int Height = 638;

    // Loaded once per process and never disposed: names on the card are Chinese, and the self-contained Skia build finds no system font.
    private static readonly Lazy<SKTypeface> Typeface = new(FontFiles.LoadTypeface);

    /// <summary>Renders <paramref name="credential"/> as a card PNG.</summary>
    /// <param name="credential">The issued credential.</param>
    /// <param name="title">The card title.</param>
    /// <param name="errorCorrection">QR error correction.</param>
    public static byte[] RenderPng(IssuedCredential credential, string title = "Temporary e-ID", QrErrorCorrection errorCorrection = QrErrorCorrection.M)
    {
        ArgumentNullException.ThrowIfNull(credential);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        using var border = new SKPaint { Color = new SKColor(0x1F, 0x4E, 0x79), Style = SKPaintStyle.Stroke, StrokeWidth = 6, IsAntialias = true };
        canvas.DrawRoundRect(new SKRect(6, 6, Width - 6, Height - 6), 28, 28, border);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var accent = new SKPaint { Color = border.Color, IsAntialias = true };
        using var titleFont = new SKFont(Typeface.Value, 44);
        using var textFont = new SKFont(Typeface.Value, 30);
        canvas.DrawText(title, 40, 72, SKTextAlign.Left, titleFont, accent);

        DrawFace(canvas, credential.Subject.Face?.Data);

        // QR on the right, as large as the card allows, whole modules only so it stays crisp.
        var modules = QrCodeRenderer.Modules(credential.QrText, new QrRenderOptions { ErrorCorrection = errorCorrection });
        var count = modules.GetLength(0);
        var moduleSize = Math.Max(1, (Height - 80) / count);
        var side = moduleSize * count;
        var left = Width - side - 30;
        var top = (Height - side) / 2;
        for (var row = 0; row < count; row++)
        {
            for (var col = 0; col < count; col++)
            {
                if (modules[row, col])
                {
                    canvas.DrawRect(left + (col * moduleSize), top + (row * moduleSize), moduleSize, moduleSize, ink);
                }
            }
        }

        // Text in the column left of the QR; a larger QR (more claims) shrinks the text rather than covering it.
        var meta = credential.Metadata;
        var lines = new[]
        {
            credential.Subject.FullName ?? string.Empty,
            PiiMask.IdNumber(credential.Subject.IdNumber),
            "Valid from " + Format(meta.NotBefore ?? meta.IssuedAt),
            "until " + Format(meta.ExpiresAt),
            "Serial " + (meta.Serial is { Length: > 12 } s ? s[..12] : meta.Serial),
        };
        var widest = lines.Max(line => textFont.MeasureText(line));
        var column = left - 40 - 24;
        textFont.Size = Math.Min(textFont.Size, textFont.Size * column / Math.Max(widest, 1));
        var y = 420f;
        foreach (var line in lines)
        {
            canvas.DrawText(line, 40, y, SKTextAlign.Left, textFont, ink);
            y += textFont.Size * 1.4f;
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void DrawFace(SKCanvas canvas, ReadOnlyMemory<byte>? face)
    {
        var frame = new SKRect(40, 100, 40 + 220, 100 + 280);
        using var placeholder = new SKPaint { Color = new SKColor(0xE5, 0xE5, 0xE5) };
        canvas.DrawRect(frame, placeholder);
        if (face is not { Length: > 0 } bytes)
        {
            return;
        }

        using var data = SKData.CreateCopy(bytes.Span);
        using var image = SKImage.FromEncodedData(data);
        if (image is null)
        {
            return;
        }

        var scale = Math.Min(frame.Width / image.Width, frame.Height / image.Height);
        var w = image.Width * scale;
        var h = image.Height * scale;
        var target = SKRect.Create(frame.MidX - (w / 2), frame.MidY - (h / 2), w, h);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    private static string Format(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";
}
