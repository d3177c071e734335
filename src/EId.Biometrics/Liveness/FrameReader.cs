using EId.Biometrics.Imaging;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>Decodes a <see cref="FaceFrame"/> (encoded, EXIF-corrected, or raw) with any <see cref="IImageDecoder"/>.</summary>
internal static class FrameReader
{
    public static Result<PixelBuffer, Failure<ImageError>> Read(IImageDecoder decoder, FaceFrame frame) =>
        frame.Raw is { } layout
            ? (decoder is SkiaImageDecoder skia ? skia.Decode(frame) : RawFrame.Read(frame.Data, layout))
            : decoder.Decode(frame.Data.Span);
}
