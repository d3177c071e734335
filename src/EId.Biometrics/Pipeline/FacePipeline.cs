using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Pipeline;

/// <summary>
/// Decode → detect → choose the subject → landmarks → five points → align → embed, for one image.
/// </summary>
/// <remarks>
/// Thread-safe when its parts are (the built-in ones are). Does not own its parts. As an <see cref="IFaceCaptureAnalyzer"/>
/// it analyses a live frame once for every step of a request (watchlist probe, face match, passive liveness).
/// </remarks>
/// <param name="decoder">Image decoder.</param>
/// <param name="detector">Face detector.</param>
/// <param name="landmarker">Landmarker; when null, five detector keypoints are used (SCRFD).</param>
/// <param name="embedder">Embedder.</param>
public sealed class FacePipeline(IImageDecoder decoder, IFaceDetector detector, IFaceLandmarker? landmarker, IFaceEmbedder embedder) : IFaceCaptureAnalyzer
{
    /// <summary>The decoder.</summary>
    public IImageDecoder Decoder { get; } = decoder ?? throw new ArgumentNullException(nameof(decoder));

    /// <summary>The detector.</summary>
    public IFaceDetector Detector { get; } = detector ?? throw new ArgumentNullException(nameof(detector));

    /// <summary>The landmarker, if any.</summary>
    public IFaceLandmarker? Landmarker { get; } = landmarker;

    /// <summary>The embedder.</summary>
    public IFaceEmbedder Embedder { get; } = embedder ?? throw new ArgumentNullException(nameof(embedder));

    /// <summary>Decodes a frame (encoded or raw) with the pipeline's decoder.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The pixels (dispose them) or why not.</returns>
    public Result<PixelBuffer, Failure<ImageError>> Decode(FaceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Raw is { } layout)
        {
            return Decoder is SkiaImageDecoder skia ? skia.Decode(frame) : RawFrame.Read(frame.Data, layout);
        }

        return Decoder.Decode(frame.Data.Span);
    }

    /// <summary>Analyses an encoded image.</summary>
    /// <param name="encoded">JPEG/PNG/WebP bytes.</param>
    /// <returns>The subject's face, or why none.</returns>
    public Result<FaceAnalysis, Failure<FaceAnalysisError>> Analyze(ReadOnlySpan<byte> encoded)
    {
        var decoded = Decoder.Decode(encoded);
        if (!decoded.TryGetValue(out var image, out var error))
        {
            return new Failure<FaceAnalysisError>(FaceAnalysisError.Unreadable, error.ToString());
        }

        using (image)
        {
            return Analyze(image);
        }
    }

    /// <summary>
    /// Analyses decoded pixels, and when no face is found, the pixels turned by 90°, 180° and 270°: an image whose camera
    /// wrote no EXIF orientation can hold a sideways face. Returns the first orientation with a face.
    /// </summary>
    /// <param name="image">The image (upright as far as its metadata tells).</param>
    /// <param name="quarterTurns">How many clockwise quarter turns found the face (0 when upright or none found).</param>
    /// <returns>The subject's face, or why none.</returns>
    public Result<FaceAnalysis, Failure<FaceAnalysisError>> AnalyzeAnyOrientation(PixelBuffer image, out int quarterTurns)
    {
        ArgumentNullException.ThrowIfNull(image);
        quarterTurns = 0;
        var upright = Analyze(image);
        if (upright.IsSuccess)
        {
            return upright;
        }

        for (var turns = 1; turns <= 3; turns++)
        {
            using var turned = Rotate(image, turns);
            var found = Analyze(turned);
            if (found.IsSuccess)
            {
                quarterTurns = turns;
                return found;
            }
        }

        return upright;
    }

    // The pixels turned clockwise by 90° × turns (destination → source mapping for the sampler).
    private static PixelBuffer Rotate(PixelBuffer image, int turns)
    {
        var (w, h) = turns % 2 == 1 ? (image.Height, image.Width) : (image.Width, image.Height);
        var output = PixelBuffer.Rent(w, h, image.Format);
        var map = turns switch
        {
            1 => new System.Numerics.Matrix3x2(0, -1, 1, 0, 0, image.Height - 1),
            2 => new System.Numerics.Matrix3x2(-1, 0, 0, -1, image.Width - 1, image.Height - 1),
            _ => new System.Numerics.Matrix3x2(0, 1, -1, 0, image.Width - 1, 0),
        };
        ImageSampler.Warp(image, map, output);
        return output;
    }

    /// <summary>Analyses decoded pixels.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The subject's face, or why none.</returns>
    public Result<FaceAnalysis, Failure<FaceAnalysisError>> Analyze(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var faces = Detector.Detect(image);
        var subject = SubjectSelection.Choose(faces);
        if (subject is null)
        {
            return new Failure<FaceAnalysisError>(FaceAnalysisError.NoFace, "No face found.");
        }

        var five = Locate(image, subject);
        return new FaceAnalysis(subject, faces.Count, five, Embedder.Embed(image, five));
    }

    /// <inheritdoc />
    /// <remarks>Decodes as <see cref="Decode(FaceFrame)"/> and analyses as <see cref="Analyze(PixelBuffer)"/>, keeping the image and every detection.</remarks>
    public FaceFrameAnalysis AnalyzeFrame(FaceFrame frame, int index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!Decode(frame).TryGetValue(out var image, out _))
        {
            return new FaceFrameAnalysis(index, frame);
        }

        try
        {
            var faces = Detector.Detect(image);
            var subject = SubjectSelection.Choose(faces);
            if (subject is null)
            {
                return new FaceFrameAnalysis(index, frame) { Readable = true, Image = image, Faces = faces };
            }

            var five = Locate(image, subject);
            return new FaceFrameAnalysis(index, frame)
            {
                Readable = true,
                Image = image,
                Faces = faces,
                Subject = subject,
                FivePoints = five,
                Template = Embedder.Embed(image, five),
            };
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>Five alignment points for a detection: from the landmarker, else from the detector's keypoints.</summary>
    /// <param name="image">The image.</param>
    /// <param name="face">The detection.</param>
    /// <returns>Five points.</returns>
    /// <exception cref="InvalidOperationException">No landmarker and the detector gives no five keypoints.</exception>
    public FaceLandmarks Locate(PixelBuffer image, FaceDetection face)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (Landmarker is not null)
        {
            return FivePoints.From(Landmarker.Locate(image, face));
        }

        return FivePoints.FromDetection(face)
            ?? throw new InvalidOperationException("No landmarker is configured and the detector gives no five keypoints.");
    }
}
