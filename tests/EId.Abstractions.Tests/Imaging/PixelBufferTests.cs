using EId.Imaging;

namespace EId.Abstractions.Tests.Imaging;

public sealed class PixelBufferTests
{
    [Fact]
    public void Rent_gives_zeroed_pixels_of_the_right_size()
    {
        using var buffer = PixelBuffer.Rent(7, 5, PixelFormat.Rgb24);
        Assert.Equal(21, buffer.Stride);
        Assert.Equal(105, buffer.Pixels.Length);
        Assert.All(buffer.Pixels.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Wrap_honours_stride_padding_per_row()
    {
        var data = new byte[4 * 3];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }

        using var buffer = PixelBuffer.Wrap(data, 3, 3, 4, PixelFormat.Gray8);
        Assert.Equal([4, 5, 6], buffer.Row(1).ToArray());
    }

    [Fact]
    public void Wrap_refuses_data_too_small_for_the_declared_size() =>
        Assert.Throws<ArgumentException>(() => PixelBuffer.Wrap(new byte[10], 4, 4, 4, PixelFormat.Gray8));

    [Fact]
    public void Wrap_refuses_stride_smaller_than_a_row() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelBuffer.Wrap(new byte[100], 4, 4, 3, PixelFormat.Rgb24));

    [Fact]
    public void Disposed_buffer_cannot_be_read()
    {
        var buffer = PixelBuffer.Rent(2, 2, PixelFormat.Bgra32);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Pixels.Length);
    }

    [Fact]
    public void Clone_copies_pixels_without_sharing()
    {
        using var source = PixelBuffer.Rent(2, 2, PixelFormat.Gray8);
        source.Pixels[3] = 9;
        using var copy = source.Clone();
        source.Pixels[3] = 1;
        Assert.Equal(9, copy.Pixels[3]);
    }
}
