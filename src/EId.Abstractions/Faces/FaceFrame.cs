using EId.Imaging;

namespace EId.Faces;

/// <summary>
/// One camera frame of a live capture: either an encoded image (JPEG/PNG/WebP) or, when
/// <see cref="Raw"/> is set, raw pixels in that layout (no re-encoding on the device).
/// </summary>
/// <param name="Data">Encoded image bytes, or raw pixel rows when <see cref="Raw"/> is given.</param>
/// <param name="Offset">Time since the start of the capture.</param>
public sealed record FaceFrame(ReadOnlyMemory<byte> Data, TimeSpan Offset)
{
    /// <summary>Layout of raw pixels; null when <see cref="Data"/> is an encoded image.</summary>
    public RawFrameLayout? Raw { get; init; }

    /// <summary>Never prints the image.</summary>
    public override string ToString() => $"FaceFrame(+{Offset.TotalMilliseconds:0} ms, {Data.Length} bytes{(Raw is null ? string.Empty : ", raw")})";
}
