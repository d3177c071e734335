namespace EId.Credentials.Verification;

/// <summary>Hardening limits applied before any parsing of untrusted QR text.</summary>
public sealed record DecodingLimits
{
    /// <summary>The defaults: 8 000 characters of QR text, 64 KiB decompressed, CBOR depth 16.</summary>
    public static DecodingLimits Default { get; } = new();

    /// <summary>Longest accepted QR text (a version-40 QR holds at most 4 296 alphanumeric characters).</summary>
    public int MaxTextLength { get; init; } = 8_000;

    /// <summary>Largest accepted zlib output (decompression-bomb guard).</summary>
    public int MaxDecompressedBytes { get; init; } = 64 * 1024;

    /// <summary>Deepest accepted CBOR nesting.</summary>
    public int MaxCborDepth { get; init; } = 16;
}
