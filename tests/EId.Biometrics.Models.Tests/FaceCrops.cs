using SkiaSharp;

namespace EId.Biometrics.Models.Tests;

/// <summary>
/// A fixed 112×112 crop of a 250×250 LFW photo (LFW centres faces; the crop puts the eyes near
/// row 51, where ArcFace's 5-point template has them). Not the real alignment pipeline, which
/// lives in EId.Biometrics; good enough to tell people apart roughly.
/// </summary>
internal static class FaceCrops
{
    public static float[] FrFeatureInput(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidOperationException("Cannot decode a shared face image.");
        Assert.Equal(250, bitmap.Width);
        var input = new float[3 * 112 * 112];
        for (var y = 0; y < 112; y++)
        for (var x = 0; x < 112; x++)
        {
            var p = bitmap.GetPixel(69 + x, 62 + y);
            input[(0 * 112 * 112) + (y * 112) + x] = (p.Red - 127f) / 128f;
            input[(1 * 112 * 112) + (y * 112) + x] = (p.Green - 127f) / 128f;
            input[(2 * 112 * 112) + (y * 112) + x] = (p.Blue - 127f) / 128f;
        }

        return input;
    }
}
