using System.Buffers;

namespace EId.Imaging;

/// <summary>
/// A small, library-neutral image: width, height, stride, pixel format and the bytes.
/// Keeps image-library types (SkiaSharp, …) out of the abstractions. Buffers created by
/// <see cref="Rent"/> come from <see cref="ArrayPool{T}.Shared"/> and go back on <see cref="Dispose"/>.
/// </summary>
public sealed class PixelBuffer : IDisposable
{
    private byte[]? _array;
    private readonly bool _pooled;

    private PixelBuffer(byte[] array, int width, int height, int stride, PixelFormat format, bool pooled)
    {
        _array = array;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
        _pooled = pooled;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes from the start of one row to the start of the next (at least width × bytes per pixel).</summary>
    public int Stride { get; }

    /// <summary>Pixel layout.</summary>
    public PixelFormat Format { get; }

    /// <summary>Bytes per pixel of <see cref="Format"/>.</summary>
    public int BytesPerPixel => Format.BytesPerPixel();

    /// <summary>The pixel bytes, <see cref="Height"/> rows of <see cref="Stride"/> bytes.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<byte> Pixels => Array.AsSpan(0, Stride * Height);

    /// <summary>One row of pixels (without stride padding).</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Array.AsSpan(y * Stride, Width * BytesPerPixel);
    }

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PixelBuffer));

    /// <summary>Rents a zeroed buffer from the shared pool; dispose it to return the memory.</summary>
    public static PixelBuffer Rent(int width, int height, PixelFormat format)
    {
        Validate(width, height, format, width * format.BytesPerPixel());
        var stride = width * format.BytesPerPixel();
        var array = ArrayPool<byte>.Shared.Rent(stride * height);
        System.Array.Clear(array, 0, stride * height);
        return new PixelBuffer(array, width, height, stride, format, pooled: true);
    }

    /// <summary>Wraps caller-owned bytes without copying (e.g. a raw camera frame).</summary>
    /// <exception cref="ArgumentException">The sizes do not fit the data.</exception>
    public static PixelBuffer Wrap(byte[] data, int width, int height, int stride, PixelFormat format)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(width, height, format, stride);
        if ((long)stride * height > data.Length)
        {
            throw new ArgumentException($"A {width}x{height} image with stride {stride} needs {(long)stride * height} bytes; got {data.Length}.", nameof(data));
        }

        return new PixelBuffer(data, width, height, stride, format, pooled: false);
    }

    /// <summary>Copies the pixels into a new pooled buffer of the same size and format.</summary>
    public PixelBuffer Clone()
    {
        var copy = Rent(Width, Height, Format);
        for (var y = 0; y < Height; y++)
        {
            Row(y).CopyTo(copy.Row(y));
        }

        return copy;
    }

    private static void Validate(int width, int height, PixelFormat format, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (stride < width * format.BytesPerPixel())
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride is smaller than one row of pixels.");
        }

        if ((long)stride * height > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "Image too large.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null && _pooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
