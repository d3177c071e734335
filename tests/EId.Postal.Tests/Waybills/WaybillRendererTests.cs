using EId.Postal.Tests.Support;
using EId.Postal.Waybills;
using SkiaSharp;

namespace EId.Postal.Tests.Waybills;

public sealed class WaybillRendererTests
{
    [Fact]
    public void The_png_is_a_real_image_whose_QR_modules_are_the_waybill_number()
    {
        var parcel = TestLedger.Parcel(42);
        using var renderer = new WaybillRenderer();

        var png = renderer.RenderPng(parcel);

        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((880, 520), (bitmap.Width, bitmap.Height));

        // Sample the centre of every QR module in the decoded image and compare with the matrix for the number.
        var modules = WaybillRenderer.QrModules(parcel.WaybillNumber);
        var (left, top, size) = WaybillRenderer.QrPlacement;
        var count = modules.GetLength(0);
        var cell = (float)size / count;
        var mismatches = 0;
        for (var row = 0; row < count; row++)
        {
            for (var col = 0; col < count; col++)
            {
                var pixel = bitmap.GetPixel((int)(left + ((col + 0.5f) * cell)), (int)(top + ((row + 0.5f) * cell)));
                mismatches += (pixel.Red < 128) == modules[row, col] ? 0 : 1;
            }
        }

        Assert.Equal(0, mismatches);
        Assert.NotEqual(WaybillRenderer.QrModules(TestLedger.Parcel(43).WaybillNumber).Cast<bool>(), modules.Cast<bool>());

        // Text was drawn in the left half (some dark pixels outside the QR).
        var dark = 0;
        for (var x = 24; x < 500; x += 2)
        {
            for (var y = 20; y < 360; y += 2)
            {
                dark += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
            }
        }

        Assert.True(dark > 200, $"only {dark} dark pixels in the text area");
    }

    [Fact]
    public void With_a_cjk_font_installed_the_chinese_labels_are_drawn_not_left_blank()
    {
        var file = EId.Imaging.FontFiles.Find();
        Assert.SkipWhen(file is null, "no font with Chinese glyphs is installed (Debian: fonts-wqy-microhei; or set EID_FONT)");
        using (var typeface = SKTypeface.FromFile(file))
        using (var font = new SKFont(typeface))
        {
            Assert.True(font.ContainsGlyphs("寄件人"));
        }

        var parcel = TestLedger.Parcel(7);
        using var withFont = new WaybillRenderer();
        using var empty = SKTypeface.CreateDefault();
        using var withoutFont = new WaybillRenderer(empty);

        // The default renderer finds the font itself; its text block holds clearly more ink than a typeface without CJK glyphs.
        Assert.True(Ink(withFont.RenderPng(parcel)) > Ink(withoutFont.RenderPng(parcel)) * 1.2, "the Chinese labels were not drawn");
    }

    private static int Ink(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var dark = 0;
        for (var x = 24; x < 500; x++)
        {
            for (var y = 20; y < 360; y++)
            {
                dark += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
            }
        }

        return dark;
    }

    [Fact]
    public void The_text_waybill_shows_masked_sender_route_item_and_verification()
    {
        var parcel = TestLedger.Parcel(1);

        var text = WaybillRenderer.RenderText(parcel);

        Assert.Contains(parcel.WaybillNumber, text, StringComparison.Ordinal);
        Assert.Contains("李*", text, StringComparison.Ordinal);
        Assert.Contains("310115 上海市", text, StringComparison.Ordinal);
        Assert.Contains("330106 浙江省", text, StringComparison.Ordinal);
        Assert.Contains("id-card", text, StringComparison.Ordinal);
        Assert.DoesNotContain(parcel.SenderPii!.IdNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(parcel.SenderPii.FullName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(parcel.SenderToken, text, StringComparison.Ordinal);
    }
}
