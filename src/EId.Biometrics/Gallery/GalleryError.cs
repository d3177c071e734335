namespace EId.Biometrics.Gallery;

/// <summary>Why a gallery operation or a gallery file was refused.</summary>
public enum GalleryError
{
    /// <summary>The template's length differs from the gallery's dimension.</summary>
    DimensionMismatch = 1,

    /// <summary>The template (or file) comes from another embedding model than the gallery's.</summary>
    ModelMismatch = 2,

    /// <summary>The template is empty or holds a NaN or infinite component.</summary>
    InvalidTemplate = 3,

    /// <summary>The subject id is empty, too long (over 255 UTF-8 bytes) or looks like a raw ID number instead of a pseudonym.</summary>
    InvalidSubjectId = 4,

    /// <summary>The gallery cannot grow any further (one contiguous buffer per representation).</summary>
    CapacityExceeded = 5,

    /// <summary>The data does not start with the gallery file magic.</summary>
    NotAGalleryFile = 6,

    /// <summary>The file uses a format version this library does not read.</summary>
    UnsupportedVersion = 7,

    /// <summary>The file ends before its declared content.</summary>
    Truncated = 8,

    /// <summary>A header field or record is malformed (bad length, duplicate subject, trailing bytes…).</summary>
    Corrupt = 9,

    /// <summary>The SHA-256 checksum does not match the content.</summary>
    ChecksumMismatch = 10,

    /// <summary>An int8 file cannot fill a gallery that needs float32 vectors.</summary>
    PrecisionMismatch = 11,
}
