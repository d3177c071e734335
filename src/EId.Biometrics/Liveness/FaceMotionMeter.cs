using EId.Biometrics.Detection;
using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Model-based measurement for active liveness: per frame, detects the subject, locates 68 landmarks
/// (<see cref="FaceGeometry"/>: eye closure, mouth opening, yaw/pitch/roll), embeds the face for the identity check, and
/// measures how much the whole frame changed since the previous one (a 64×64 grey thumbnail).
/// </summary>
/// <remarks>Thread-safe (holds no per-session state; the caller keeps the previous thumbnail). Does not own its parts.</remarks>
/// <param name="decoder">Frame decoder.</param>
/// <param name="detector">Face detector.</param>
/// <param name="landmarker">A 68-point (iBUG) landmarker, e.g. <see cref="FrLandmarkLandmarker"/>.</param>
/// <param name="embedder">Embedder for the identity-consistency check; null skips it.</param>
public sealed class FaceMotionMeter(IImageDecoder decoder, IFaceDetector detector, IFaceLandmarker landmarker, IFaceEmbedder? embedder)
{
    /// <summary>Side of the grey thumbnail compared between frames.</summary>
    public const int ThumbnailSize = 64;

    private readonly IImageDecoder _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
    private readonly IFaceDetector _detector = detector ?? throw new ArgumentNullException(nameof(detector));
    private readonly IFaceLandmarker _landmarker = landmarker ?? throw new ArgumentNullException(nameof(landmarker));

    /// <summary>Decodes and measures a frame; null when it cannot be decoded.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="previousThumbnail">The previous frame's thumbnail (null for the first); replaced by this frame's.</param>
    /// <returns>The measurement, or null for an unreadable frame.</returns>
    public FrameMeasurement? Measure(FaceFrame frame, ref byte[]? previousThumbnail)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!FrameReader.Read(_decoder, frame).TryGetValue(out var image, out _))
        {
            return null;
        }

        using (image)
        {
            return Measure(image, frame.Offset, ref previousThumbnail);
        }
    }

    /// <summary>Measures a decoded, upright frame.</summary>
    /// <param name="image">The frame.</param>
    /// <param name="offset">Its time since the capture started.</param>
    /// <param name="previousThumbnail">The previous frame's thumbnail (null for the first); replaced by this frame's.</param>
    /// <returns>The measurement.</returns>
    public FrameMeasurement Measure(PixelBuffer image, TimeSpan offset, ref byte[]? previousThumbnail)
    {
        ArgumentNullException.ThrowIfNull(image);
        var thumbnail = Thumbnail(image);
        var difference = previousThumbnail is null ? float.NaN : MeanAbsoluteDifference(previousThumbnail, thumbnail);
        previousThumbnail = thumbnail;

        var subject = SubjectSelection.Choose(_detector.Detect(image));
        if (subject is null)
        {
            return FrameMeasurement.NoFace(offset, difference);
        }

        var landmarks = _landmarker.Locate(image, subject);
        var geometry = FaceGeometry.From(landmarks);
        var embedding = embedder is null ? ReadOnlyMemory<float>.Empty : embedder.Embed(image, FivePoints.From(landmarks)).Vector;
        return new FrameMeasurement(offset, true, geometry.EyeAspectRatio, geometry.MouthOpening, geometry.Yaw, geometry.Pitch, geometry.Roll, embedding, difference, landmarks.Points);
    }

    /// <summary>A 64×64 grey thumbnail of the whole frame.</summary>
    internal static byte[] Thumbnail(PixelBuffer image)
    {
        using var grey = PixelBuffer.Rent(ThumbnailSize, ThumbnailSize, PixelFormat.Gray8);
        ImageSampler.Warp(image, ImageSampler.RectToRect(0, 0, image.Width, image.Height, ThumbnailSize, ThumbnailSize), grey);
        return grey.Pixels.ToArray();
    }

    private static float MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (float)sum / a.Length;
    }
}
