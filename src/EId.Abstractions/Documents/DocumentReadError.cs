namespace EId.Documents;

/// <summary>Why a document could not be read.</summary>
public enum DocumentReadError
{
    /// <summary>No document (card) is present on the reader.</summary>
    NoDocument = 1,

    /// <summary>The reader did not answer in time.</summary>
    Timeout = 2,

    /// <summary>The reader answered with a frame that is truncated or fails its checksum.</summary>
    BadFrame = 3,

    /// <summary>The reader reported an error status.</summary>
    ReaderError = 4,

    /// <summary>The document data is malformed (bad field, bad date, bad check digit…).</summary>
    InvalidData = 5,

    /// <summary>The reader or its transport is unavailable.</summary>
    Unavailable = 6,
}
