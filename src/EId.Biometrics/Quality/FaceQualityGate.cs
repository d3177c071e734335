using EId.Biometrics.Detection;
using EId.Biometrics.Imaging;
using EId.Biometrics.Liveness;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Quality;

/// <summary>
/// The capture quality gate (ISO/IEC 29794-5 spirit): face count, size (inter-eye distance), sharpness (variance of the
/// Laplacian), exposure and contrast, pose, open eyes, an occlusion proxy (face cut off by the frame edge or a weak
/// detection) and centring, each reported as a typed <see cref="QualityIssue"/> a kiosk can show; and the best frame of
/// a capture for matching.
/// </summary>
/// <remarks>Thread-safe. Does not own its parts.</remarks>
/// <param name="decoder">Frame decoder.</param>
/// <param name="detector">Face detector.</param>
/// <param name="landmarker">A 68-point (iBUG) landmarker.</param>
/// <param name="options">Thresholds (defaults when null).</param>
public sealed class FaceQualityGate(IImageDecoder decoder, IFaceDetector detector, IFaceLandmarker landmarker, FaceQualityOptions? options = null)
{
    private const int FaceSide = 112;
    private readonly IImageDecoder _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
    private readonly IFaceDetector _detector = detector ?? throw new ArgumentNullException(nameof(detector));
    private readonly IFaceLandmarker _landmarker = landmarker ?? throw new ArgumentNullException(nameof(landmarker));

    /// <summary>The thresholds.</summary>
    public FaceQualityOptions Options { get; } = options ?? new FaceQualityOptions();

    /// <summary>Assesses every frame of a capture.</summary>
    /// <param name="capture">The capture.</param>
    /// <param name="cancellationToken">Cancels between frames.</param>
    /// <returns>One verdict per frame.</returns>
    public IReadOnlyList<FrameQuality> Assess(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var results = new FrameQuality[capture.Frames.Count];
        for (var i = 0; i < results.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!FrameReader.Read(_decoder, capture.Frames[i]).TryGetValue(out var image, out _))
            {
                results[i] = new FrameQuality(i, new QualityAssessment(0, [QualityIssue.Unreadable]), null);
                continue;
            }

            using (image)
            {
                results[i] = Assess(image, i);
            }
        }

        return results;
    }

    /// <summary>The index of the best acceptable frame (highest score), or null when no frame is acceptable.</summary>
    /// <param name="frames">Verdicts of a capture's frames.</param>
    /// <returns>The frame index.</returns>
    public static int? SelectBest(IReadOnlyList<FrameQuality> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        FrameQuality? best = null;
        foreach (var f in frames)
        {
            if (f.Assessment.IsAcceptable && (best is null || f.Assessment.Score > best.Assessment.Score))
            {
                best = f;
            }
        }

        return best?.FrameIndex;
    }

    /// <summary>Assesses one decoded, upright frame.</summary>
    /// <param name="image">The frame.</param>
    /// <param name="frameIndex">Index reported in the result.</param>
    /// <returns>The verdict.</returns>
    public FrameQuality Assess(PixelBuffer image, int frameIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        var o = Options;
        var faces = _detector.Detect(image);
        var subject = SubjectSelection.Choose(faces);
        if (subject is null)
        {
            var none = new QualityMeasures(0, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, false);
            return new FrameQuality(frameIndex, new QualityAssessment(0, [QualityIssue.NoFace]), none);
        }

        var landmarks = _landmarker.Locate(image, subject);
        var geometry = FaceGeometry.From(landmarks);
        var p = landmarks.Points;
        var leftEye = Mean(p, 36);
        var rightEye = Mean(p, 42);
        var interEye = MathF.Sqrt(((rightEye.X - leftEye.X) * (rightEye.X - leftEye.X)) + ((rightEye.Y - leftEye.Y) * (rightEye.Y - leftEye.Y)));
        var (sharpness, brightness, contrast) = Texture(image, subject.Box);
        var centre = subject.Box.Center;
        var offset = MathF.Max(MathF.Abs((centre.X / image.Width) - 0.5f), MathF.Abs((centre.Y / image.Height) - 0.5f));
        var cutOff = IsCutOff(image, subject.Box, p);
        var others = faces.Count(f => !ReferenceEquals(f, subject) && f.Box.Area >= o.OtherFaceAreaRatio * subject.Box.Area);
        var measures = new QualityMeasures(faces.Count, interEye, sharpness, brightness, contrast, geometry.Yaw, geometry.Pitch, geometry.Roll, geometry.EyeAspectRatio, offset, subject.Score, cutOff);

        var issues = new List<QualityIssue>();
        Add(issues, others > 0, QualityIssue.SeveralFaces);
        Add(issues, interEye < o.MinInterEyeDistance, QualityIssue.FaceTooSmall);
        Add(issues, sharpness < o.MinSharpness, QualityIssue.Blurred);
        Add(issues, brightness < o.MinBrightness, QualityIssue.TooDark);
        Add(issues, brightness > o.MaxBrightness, QualityIssue.TooBright);
        Add(issues, contrast < o.MinContrast, QualityIssue.LowContrast);
        Add(issues, MathF.Abs(geometry.Yaw) > o.MaxYaw || MathF.Abs(geometry.Pitch) > o.MaxPitch || MathF.Abs(geometry.Roll) > o.MaxRoll, QualityIssue.PoseTooFar);
        Add(issues, geometry.EyeAspectRatio < o.EyesClosedRatio, QualityIssue.EyesClosed);
        Add(issues, cutOff || subject.Score < o.MinDetectionScore, QualityIssue.Occluded);
        Add(issues, offset > o.MaxCentreOffset, QualityIssue.NotCentred);

        // Each factor is 1 at (or beyond) twice its threshold margin; the score is their geometric mean.
        float[] factors =
        [
            Ramp(interEye, o.MinInterEyeDistance, 2 * o.MinInterEyeDistance),
            Ramp(sharpness, o.MinSharpness, 4 * o.MinSharpness),
            Ramp(contrast, o.MinContrast, 2 * o.MinContrast),
            1 - Ramp(MathF.Abs(brightness - 128), 0, 128),
            1 - Ramp(MathF.Abs(geometry.Yaw), 0, 2 * o.MaxYaw),
            1 - Ramp(MathF.Abs(geometry.Roll), 0, 2 * o.MaxRoll),
            subject.Score,
        ];
        var score = MathF.Exp(factors.Average(f => MathF.Log(MathF.Max(f, 1e-3f))));
        return new FrameQuality(frameIndex, new QualityAssessment(score, issues), measures);
    }

    private static void Add(List<QualityIssue> issues, bool condition, QualityIssue issue)
    {
        if (condition)
        {
            issues.Add(issue);
        }
    }

    private static float Ramp(float value, float low, float high) => high <= low ? 1 : Math.Clamp((value - low) / (high - low), 0, 1);

    private static bool IsCutOff(PixelBuffer image, FaceBox box, IReadOnlyList<FacePoint> points)
    {
        // The detector clamps boxes to the frame, so a box flush with an edge means the face continues beyond it.
        var margin = 0.01f * MathF.Max(image.Width, image.Height);
        if (box.X <= margin || box.Y <= margin || box.Right >= image.Width - margin || box.Bottom >= image.Height - margin)
        {
            return true;
        }

        return points.Any(q => q.X < 0 || q.Y < 0 || q.X >= image.Width || q.Y >= image.Height);
    }

    // Sharpness, brightness and contrast of the face box resampled to 112×112 grey, so that they do not depend on face size.
    private static (float Sharpness, float Brightness, float Contrast) Texture(PixelBuffer image, FaceBox box)
    {
        using var grey = PixelBuffer.Rent(FaceSide, FaceSide, PixelFormat.Gray8);
        var side = MathF.Max(box.Width, box.Height);
        ImageSampler.Warp(image, ImageSampler.RectToRect(box.Center.X - (side / 2), box.Center.Y - (side / 2), side, side, FaceSide, FaceSide), grey);
        var px = grey.Pixels;
        double sum = 0, sumSq = 0;
        foreach (var v in px)
        {
            sum += v;
            sumSq += v * v;
        }

        var n = px.Length;
        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, (sumSq / n) - (mean * mean)));
        double lSum = 0, lSumSq = 0;
        var count = 0;
        for (var y = 1; y < FaceSide - 1; y++)
        {
            for (var x = 1; x < FaceSide - 1; x++)
            {
                var i = (y * FaceSide) + x;
                double lap = px[i - 1] + px[i + 1] + px[i - FaceSide] + px[i + FaceSide] - (4 * px[i]);
                lSum += lap;
                lSumSq += lap * lap;
                count++;
            }
        }

        var lMean = lSum / count;
        return ((float)((lSumSq / count) - (lMean * lMean)), (float)mean, (float)std);
    }

    private static FacePoint Mean(IReadOnlyList<FacePoint> p, int start)
    {
        float x = 0, y = 0;
        for (var i = start; i < start + 6; i++)
        {
            x += p[i].X;
            y += p[i].Y;
        }

        return new FacePoint(x / 6, y / 6);
    }
}
