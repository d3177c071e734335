using System.Numerics;
using EId.Imaging;

namespace EId.Biometrics.Imaging;

/// <summary>
/// The one resampling mechanism of the pipeline: fills a model tensor (or a pixel buffer) by mapping each destination
/// pixel through an affine transform into the source image and sampling it bilinearly. Resize, letterbox, crop and
/// face alignment are all just different transforms.
/// </summary>
internal static class ImageSampler
{
    /// <summary>Fills <paramref name="tensor"/> (one image, <see cref="TensorSpec.Length"/> floats).</summary>
    /// <param name="source">Source image, any pixel format.</param>
    /// <param name="destinationToSource">Maps destination pixel indices to source pixel coordinates.</param>
    /// <param name="spec">Tensor size, order, layout and normalisation.</param>
    /// <param name="tensor">Destination.</param>
    /// <param name="border">0–255 value used outside the source.</param>
    public static void Fill(PixelBuffer source, Matrix3x2 destinationToSource, in TensorSpec spec, Span<float> tensor, float border = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tensor.Length, spec.Length);
        var taps = SupersampleTaps(destinationToSource);
        var (ro, go, bo) = Offsets(source.Format);
        var bpp = source.BytesPerPixel;
        var pixels = source.Pixels;
        var plane = spec.Width * spec.Height;
        var scale = 1f / spec.Std;
        var gray = spec.Order == ChannelOrder.Gray;
        var bgr = spec.Order == ChannelOrder.Bgr;
        var nchw = spec.Layout == TensorLayout.Nchw;
        Span<float> rgb = stackalloc float[3];
        for (var v = 0; v < spec.Height; v++)
        {
            for (var u = 0; u < spec.Width; u++)
            {
                SampleArea(pixels, source.Width, source.Height, source.Stride, bpp, ro, go, bo, destinationToSource, u, v, taps, border, rgb);
                var index = (v * spec.Width) + u;
                if (gray)
                {
                    var y = (0.299f * rgb[0]) + (0.587f * rgb[1]) + (0.114f * rgb[2]);
                    tensor[index] = (y - spec.Mean) * scale;
                    continue;
                }

                var c0 = bgr ? rgb[2] : rgb[0];
                var c2 = bgr ? rgb[0] : rgb[2];
                if (nchw)
                {
                    tensor[index] = (c0 - spec.Mean) * scale;
                    tensor[plane + index] = (rgb[1] - spec.Mean) * scale;
                    tensor[(2 * plane) + index] = (c2 - spec.Mean) * scale;
                }
                else
                {
                    tensor[(3 * index) + 0] = (c0 - spec.Mean) * scale;
                    tensor[(3 * index) + 1] = (rgb[1] - spec.Mean) * scale;
                    tensor[(3 * index) + 2] = (c2 - spec.Mean) * scale;
                }
            }
        }
    }

    /// <summary>Warps <paramref name="source"/> into <paramref name="destination"/> (same pixel format, or RGB/RGBA/BGR/BGRA/grey).</summary>
    /// <param name="source">Source image.</param>
    /// <param name="destinationToSource">Maps destination pixel indices to source pixel coordinates.</param>
    /// <param name="destination">Destination buffer.</param>
    public static void Warp(PixelBuffer source, Matrix3x2 destinationToSource, PixelBuffer destination)
    {
        var taps = SupersampleTaps(destinationToSource);
        var (ro, go, bo) = Offsets(source.Format);
        var (dr, dg, db) = Offsets(destination.Format);
        var dbpp = destination.BytesPerPixel;
        var hasAlpha = destination.Format is PixelFormat.Rgba32 or PixelFormat.Bgra32;
        Span<float> rgb = stackalloc float[3];
        for (var v = 0; v < destination.Height; v++)
        {
            var row = destination.Row(v);
            for (var u = 0; u < destination.Width; u++)
            {
                SampleArea(source.Pixels, source.Width, source.Height, source.Stride, source.BytesPerPixel, ro, go, bo, destinationToSource, u, v, taps, 0, rgb);
                var o = u * dbpp;
                if (destination.Format == PixelFormat.Gray8)
                {
                    row[o] = ToByte((0.299f * rgb[0]) + (0.587f * rgb[1]) + (0.114f * rgb[2]));
                    continue;
                }

                row[o + dr] = ToByte(rgb[0]);
                row[o + dg] = ToByte(rgb[1]);
                row[o + db] = ToByte(rgb[2]);
                if (hasAlpha)
                {
                    row[o + 3] = 255;
                }
            }
        }
    }

    /// <summary>A transform that maps a <paramref name="dstWidth"/>×<paramref name="dstHeight"/> image onto a source rectangle (pixel-centre aligned).</summary>
    public static Matrix3x2 RectToRect(float srcX, float srcY, float srcWidth, float srcHeight, int dstWidth, int dstHeight)
    {
        var sx = srcWidth / dstWidth;
        var sy = srcHeight / dstHeight;
        return new Matrix3x2(sx, 0, 0, sy, srcX + (0.5f * sx) - 0.5f, srcY + (0.5f * sy) - 0.5f);
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);

    private static (int R, int G, int B) Offsets(PixelFormat format) => format switch
    {
        PixelFormat.Gray8 => (0, 0, 0),
        PixelFormat.Rgb24 or PixelFormat.Rgba32 => (0, 1, 2),
        PixelFormat.Bgr24 or PixelFormat.Bgra32 => (2, 1, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };

    // Bilinear sampling aliases badly when shrinking (e.g. a 1920-px photo to a 320-px detector input),
    // so average a k×k grid of bilinear taps, k ≈ the shrink factor.
    private static int SupersampleTaps(Matrix3x2 m)
    {
        var scale = MathF.Sqrt(MathF.Abs((m.M11 * m.M22) - (m.M12 * m.M21)));
        return Math.Clamp((int)MathF.Ceiling(scale - 0.25f), 1, 8);
    }

    private static void SampleArea(ReadOnlySpan<byte> pixels, int width, int height, int stride, int bpp, int ro, int go, int bo, Matrix3x2 m, int u, int v, int taps, float border, Span<float> rgb)
    {
        if (taps == 1)
        {
            var p = Vector2.Transform(new Vector2(u, v), m);
            Bilinear(pixels, width, height, stride, bpp, ro, go, bo, p.X, p.Y, border, rgb);
            return;
        }

        float r = 0, g = 0, b = 0;
        Span<float> one = stackalloc float[3];
        var step = 1f / taps;
        for (var j = 0; j < taps; j++)
        {
            for (var i = 0; i < taps; i++)
            {
                var p = Vector2.Transform(new Vector2(u - 0.5f + ((i + 0.5f) * step), v - 0.5f + ((j + 0.5f) * step)), m);
                Bilinear(pixels, width, height, stride, bpp, ro, go, bo, p.X, p.Y, border, one);
                r += one[0];
                g += one[1];
                b += one[2];
            }
        }

        var n = 1f / (taps * taps);
        rgb[0] = r * n;
        rgb[1] = g * n;
        rgb[2] = b * n;
    }

    private static void Bilinear(ReadOnlySpan<byte> pixels, int width, int height, int stride, int bpp, int ro, int go, int bo, float x, float y, float border, Span<float> rgb)
    {
        if (x < -1 || y < -1 || x > width || y > height)
        {
            rgb[0] = rgb[1] = rgb[2] = border;
            return;
        }

        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        float r = 0, g = 0, b = 0;
        for (var dy = 0; dy < 2; dy++)
        {
            var yy = y0 + dy;
            var wy = dy == 0 ? 1 - fy : fy;
            for (var dx = 0; dx < 2; dx++)
            {
                var xx = x0 + dx;
                var w = wy * (dx == 0 ? 1 - fx : fx);
                if (w == 0)
                {
                    continue;
                }

                if (xx < 0 || yy < 0 || xx >= width || yy >= height)
                {
                    r += w * border;
                    g += w * border;
                    b += w * border;
                    continue;
                }

                var o = (yy * stride) + (xx * bpp);
                r += w * pixels[o + ro];
                g += w * pixels[o + go];
                b += w * pixels[o + bo];
            }
        }

        rgb[0] = r;
        rgb[1] = g;
        rgb[2] = b;
    }
}
