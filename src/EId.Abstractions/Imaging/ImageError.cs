namespace EId.Imaging;

/// <summary>Why an image could not be decoded.</summary>
public enum ImageError
{
    /// <summary>No bytes were given.</summary>
    Empty = 1,

    /// <summary>The bytes are not a supported image format (JPEG, PNG, WebP…).</summary>
    UnsupportedFormat = 2,

    /// <summary>The image header or data is damaged.</summary>
    Corrupt = 3,

    /// <summary>The image exceeds the configured size limit.</summary>
    TooLarge = 4,

    /// <summary>A raw frame's declared size, stride or format does not fit its bytes.</summary>
    BadRawFrame = 5,
}
