using EId.Biometrics.Imaging;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Imaging;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SkiaSharp;

namespace EId.Biometrics.Tests.Imaging;

public sealed class SkiaImageDecoderTests
{
    private readonly SkiaImageDecoder _decoder = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Decodes_formats_to_upright_rgba(SKEncodedImageFormat format)
    {
        var bytes = TestImages.Encode(40, 20, format);
        using var image = _decoder.Decode(bytes).GetValueOrThrow();
        Assert.Equal((40, 20, PixelFormat.Rgba32), (image.Width, image.Height, image.Format));
        var topLeft = image.Row(2)[..4].ToArray();
        var bottomRight = image.Row(17).Slice(37 * 4, 4).ToArray();
        Assert.True(topLeft[0] > 200 && topLeft[2] < 60, "top-left is red");
        Assert.True(bottomRight[2] > 200 && bottomRight[0] < 60, "bottom-right is blue");
    }

    [Theory]
    [InlineData(1, 40, 20, 0, 0)]
    [InlineData(3, 40, 20, 1, 1)] // rotated 180°: red moves to bottom-right
    [InlineData(6, 20, 40, 1, 0)] // rotate 90° clockwise to display: stored top-left goes to top-right
    [InlineData(8, 20, 40, 0, 1)] // rotate 90° counter-clockwise: stored top-left goes to bottom-left
    public void HonoursExifOrientation(ushort orientation, int width, int height, int redRight, int redBottom)
    {
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(40, 20, SKEncodedImageFormat.Jpeg), orientation);
        using var image = _decoder.Decode(jpeg).GetValueOrThrow();
        Assert.Equal((width, height), (image.Width, image.Height));
        var x = redRight == 1 ? image.Width - 3 : 2;
        var y = redBottom == 1 ? image.Height - 3 : 2;
        var pixel = image.Row(y).Slice(x * 4, 4);
        Assert.True(pixel[0] > 200 && pixel[2] < 60, $"red expected at ({x},{y}) for orientation {orientation}");
    }

    [Fact]
    public void Orientations_are_the_eight_dihedral_maps()
    {
        using var source = PixelBuffer.Rent(3, 2, PixelFormat.Gray8);
        for (var i = 0; i < 6; i++)
        {
            source.Pixels[i] = (byte)i;
        }

        var seen = new HashSet<string>();
        for (var o = 1; o <= 8; o++)
        {
            using var turned = ImageOrientation.Apply(source, o);
            Assert.Equal(o >= 5 ? (2, 3) : (3, 2), (turned.Width, turned.Height));
            Assert.Equal([0, 1, 2, 3, 4, 5], turned.Pixels.ToArray().Order().Select(b => (int)b));
            seen.Add(Convert.ToHexString(turned.Pixels));
        }

        Assert.Equal(8, seen.Count);
    }

    [Fact]
    public void Empty_input_is_a_typed_error() =>
        Assert.Equal(ImageError.Empty, _decoder.Decode([]).Error!.Reason);

    [Fact]
    public void Non_image_is_a_typed_error() =>
        Assert.Equal(ImageError.UnsupportedFormat, _decoder.Decode("not an image at all"u8).Error!.Reason);

    [Fact]
    public void Truncated_jpeg_still_decodes_or_fails_typed()
    {
        var jpeg = TestImages.Encode(64, 64, SKEncodedImageFormat.Jpeg);
        var result = _decoder.Decode(jpeg.AsSpan(0, jpeg.Length / 3));
        if (result.IsSuccess)
        {
            result.Value.Dispose();
        }
        else
        {
            Assert.Contains(result.Error.Reason, new[] { ImageError.Corrupt, ImageError.UnsupportedFormat });
        }
    }

    [Fact]
    public void Size_cap_refuses_large_images()
    {
        var small = new SkiaImageDecoder(maxPixels: 100);
        Assert.Equal(ImageError.TooLarge, small.Decode(TestImages.Encode(20, 20, SKEncodedImageFormat.Png)).Error!.Reason);
    }

    [Property(MaxTest = 60)]
    public Property Corrupted_images_never_throw(int seed, byte flip)
    {
        var png = TestImages.Encode(16, 16, seed % 2 == 0 ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg);
        var random = new Random(seed);
        var bytes = png.Take(random.Next(png.Length + 1)).ToArray();
        if (bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(flip | 1);
        }

        var result = _decoder.Decode(bytes);
        if (result.IsSuccess)
        {
            using var image = result.Value;
            return (image.Width == 16 && image.Height == 16).ToProperty();
        }

        return Enum.IsDefined(result.Error.Reason).ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property Random_bytes_give_typed_errors(byte[] bytes)
    {
        var result = _decoder.Decode(bytes ?? []);
        result.Value?.Dispose();
        return (result.IsSuccess || Enum.IsDefined(result.Error!.Reason)).ToProperty();
    }

    [Fact]
    public void Raw_frame_is_wrapped_without_copy()
    {
        using var decoded = _decoder.Decode(TestImages.Encode(10, 6, SKEncodedImageFormat.Png)).GetValueOrThrow();
        var (data, w, h, stride) = TestImages.ToBgra(decoded, padding: 8);
        var frame = new FaceFrame(data, TimeSpan.Zero) { Raw = new RawFrameLayout(w, h, stride, PixelFormat.Bgra32) };
        using var image = _decoder.Decode(frame).GetValueOrThrow();
        Assert.Equal((10, 6, stride, PixelFormat.Bgra32), (image.Width, image.Height, image.Stride, image.Format));
        data[0] = 123; // shares the caller's memory: no re-encode, no copy
        Assert.Equal(123, image.Row(0)[0]);
    }

    [Theory]
    [InlineData(10, 6, 39, PixelFormat.Bgra32, 240)] // stride below one row
    [InlineData(10, 6, 40, PixelFormat.Bgra32, 200)] // too few bytes
    [InlineData(0, 6, 40, PixelFormat.Bgra32, 240)] // no pixels
    [InlineData(10, 6, 40, (PixelFormat)99, 240)] // unknown format
    public void BadRawFramesAreTypedErrors(int width, int height, int stride, PixelFormat format, int bytes)
    {
        var frame = new FaceFrame(new byte[bytes], TimeSpan.Zero) { Raw = new RawFrameLayout(width, height, stride, format) };
        Assert.Equal(ImageError.BadRawFrame, _decoder.Decode(frame).Error!.Reason);
    }

    [Property(MaxTest = 200)]
    public Property Raw_layouts_never_throw(int width, int height, int stride, byte format, ushort length)
    {
        var frame = new FaceFrame(new byte[length], TimeSpan.Zero) { Raw = new RawFrameLayout(width, height, stride, (PixelFormat)(format % 7)) };
        var result = _decoder.Decode(frame);
        result.Value?.Dispose();
        return (result.IsSuccess || Enum.IsDefined(result.Error!.Reason)).ToProperty();
    }
}
