namespace EId.Documents.IdCards;

/// <summary>Why bytes are not a well-formed GA 467 frame.</summary>
public enum IdCardFrameError
{
    /// <summary>Fewer bytes than the header or the length field announces.</summary>
    Truncated = 1,

    /// <summary>The frame does not start with <c>AA AA AA 96 69</c>.</summary>
    BadPreamble = 2,

    /// <summary>The length field is too small for the frame kind, or more bytes follow it than it announces.</summary>
    BadLength = 3,

    /// <summary>The XOR checksum does not match.</summary>
    BadChecksum = 4,
}
