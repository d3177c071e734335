using EId.Imaging;
using SkiaSharp;

namespace EId.Biometrics.Tests.Support;

/// <summary>Synthetic images for decoder tests.</summary>
internal static class TestImages
{
    /// <summary>A JPEG/PNG of a w×h image whose top-left quadrant is red and the rest blue.</summary>
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, int quality = 95)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, x < width / 2 && y < height / 2 ? SKColors.Red : SKColors.Blue);
            }
        }

        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment with the given orientation right after the JPEG SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, 1
            0, 0, 0, 0, // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = payload.Length + 2;
        var segment = new byte[] { 0xFF, 0xE1, (byte)(length >> 8), (byte)length }.Concat(payload);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }

    /// <summary>Loads a file as Rgb24 raw pixels (for raw-frame tests).</summary>
    public static (byte[] Data, int Width, int Height, int Stride) ToBgra(PixelBuffer image, int padding)
    {
        var stride = (image.Width * 4) + padding;
        var data = new byte[stride * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                var o = (y * stride) + (x * 4);
                data[o] = row[(x * 4) + 2];
                data[o + 1] = row[(x * 4) + 1];
                data[o + 2] = row[x * 4];
                data[o + 3] = 255;
            }
        }

        return (data, image.Width, image.Height, stride);
    }
}
