using System.Globalization;
using System.Text;
using EId.Postal.Regions;
using EId.Imaging;
using EId.Privacy;
using QRCoder;
using SkiaSharp;

namespace EId.Postal.Waybills;

/// <summary>
/// Renders the privacy waybill, as plain text and as a PNG: masked sender name and phone, route,
/// item, courier, the verification method, and a QR code of the waybill number. It reads only the
/// public fields of the record (never <see cref="ParcelRecord.SenderPii"/>) and re-applies the
/// masks, so even a record carrying an unmasked display name prints masked.
/// </summary>
public sealed class WaybillRenderer : IDisposable
{
    private const int Width = 880;
    private const int Height = 520;
    private readonly SKTypeface _typeface;
    private readonly bool _ownsTypeface;

    /// <summary>Creates a renderer using <paramref name="typeface"/>, or a font with CJK glyphs when one is installed (the file named by <c>EID_FONT</c>, else a well-known CJK font).</summary>
    public WaybillRenderer(SKTypeface? typeface = null)
    {
        if (typeface is not null)
        {
            _typeface = typeface;
            return;
        }

        _typeface = FontFiles.LoadTypeface();
        _ownsTypeface = true;
    }

    /// <summary>The lines printed on the waybill, in order.</summary>
    public static IReadOnlyList<string> Lines(ParcelRecord parcel)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        var phone = string.IsNullOrEmpty(parcel.SenderPhoneMasked) ? string.Empty : "  " + PiiMask.Phone(parcel.SenderPhoneMasked);
        return
        [
            $"EId WAYBILL  {parcel.WaybillNumber}",
            $"Sender 寄件人: {PiiMask.Name(parcel.SenderNameMasked)}{phone}",
            $"From 始发: {Region(parcel.OriginRegion)}",
            $"To 目的: {Region(parcel.DestinationRegion)}",
            string.Create(CultureInfo.InvariantCulture, $"Item 物品: {parcel.ItemCategory} {Truncate(parcel.ItemDescription, 24)}  {parcel.WeightGrams} g"),
            $"Courier 揽件员: {parcel.CourierId}  Device: {parcel.DeviceId}",
            string.Create(CultureInfo.InvariantCulture, $"Real-name verified 实名: {parcel.Verification.Method ?? "-"} {parcel.Verification.VerifiedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
            string.Create(CultureInfo.InvariantCulture, $"Accepted 揽收: {parcel.AcceptedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
        ];
    }

    /// <summary>The waybill as plain text (receipt printers, logs, e-mail).</summary>
    public static string RenderText(ParcelRecord parcel)
    {
        var builder = new StringBuilder();
        foreach (var line in Lines(parcel))
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The waybill as a PNG image with a QR code of the waybill number.</summary>
    public byte[] RenderPng(ParcelRecord parcel)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var title = new SKFont(_typeface, 30);
        using var body = new SKFont(_typeface, 22);
        var lines = Lines(parcel);
        var y = 50f;
        canvas.DrawText(lines[0], 24, y, SKTextAlign.Left, title, ink);
        y += 20;
        using (var rule = new SKPaint { Color = SKColors.Black, StrokeWidth = 2 })
        {
            canvas.DrawLine(24, y, Width - 24, y, rule);
        }

        foreach (var line in lines.Skip(1))
        {
            y += 40;
            canvas.DrawText(line, 24, y, SKTextAlign.Left, body, ink);
        }

        DrawQr(canvas, parcel.WaybillNumber, Width - 24 - 200, Height - 24 - 200, 200);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The QR module matrix for a waybill number (true = dark), quiet zone included.</summary>
    public static bool[,] QrModules(string waybillNumber)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(waybillNumber, QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count;
        var modules = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                modules[row, col] = data.ModuleMatrix[row][col];
            }
        }

        return modules;
    }

    /// <summary>Where the QR code sits in the PNG: left, top and size in pixels.</summary>
    public static (int Left, int Top, int Size) QrPlacement => (Width - 24 - 200, Height - 24 - 200, 200);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsTypeface)
        {
            _typeface.Dispose();
        }
    }

    private static void DrawQr(SKCanvas canvas, string text, int left, int top, int size)
    {
        var modules = QrModules(text);
        var count = modules.GetLength(0);
        var cell = (float)size / count;
        using var dark = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        for (var row = 0; row < count; row++)
        {
            for (var col = 0; col < count; col++)
            {
                if (modules[row, col])
                {
                    canvas.DrawRect(left + (col * cell), top + (row * cell), cell, cell, dark);
                }
            }
        }
    }

    private static string Truncate(string? text, int length) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");

    private static string Region(string code)
    {
        var parsed = RegionCode.Parse(code);
        return parsed.IsSuccess ? $"{parsed.Value.Value} {parsed.Value.ProvinceName}" : "?";
    }
}
