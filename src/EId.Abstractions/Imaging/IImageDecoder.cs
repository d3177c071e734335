namespace EId.Imaging;

/// <summary>Decodes encoded images (JPEG, PNG, WebP…) into <see cref="PixelBuffer"/>s, applying EXIF orientation.</summary>
public interface IImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/>; the caller disposes the returned buffer.</summary>
    Result<PixelBuffer, Failure<ImageError>> Decode(ReadOnlySpan<byte> encoded);
}
