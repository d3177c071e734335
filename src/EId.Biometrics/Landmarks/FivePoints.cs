using EId.Faces;

namespace EId.Biometrics.Landmarks;

/// <summary>
/// Reduces richer landmark sets to the five alignment points, in ArcFace order: left eye, right eye (as seen in the image),
/// nose tip, left mouth corner, right mouth corner.
/// </summary>
public static class FivePoints
{
    /// <summary>Five points from 68 (eye centres = mean of the six eye points, nose tip 30, mouth corners 48 and 54), 5 (as is), or 468 (FaceMesh).</summary>
    /// <param name="landmarks">Landmarks in any supported scheme.</param>
    /// <returns>Five-point landmarks.</returns>
    /// <exception cref="ArgumentException">The scheme or point count is not supported.</exception>
    public static FaceLandmarks From(FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var p = landmarks.Points;
        return landmarks.Scheme switch
        {
            LandmarkScheme.FivePoint when p.Count == 5 => landmarks,
            LandmarkScheme.Ibug68 when p.Count == 68 => new FaceLandmarks(LandmarkScheme.FivePoint, [Mean(p, 36, 6), Mean(p, 42, 6), p[30], p[48], p[54]]),
            // FaceMesh: eye corners 33/133 and 362/263, nose tip 1, mouth corners 61 and 291.
            LandmarkScheme.FaceMesh468 when p.Count >= 468 => new FaceLandmarks(LandmarkScheme.FivePoint, [Mid(p[33], p[133]), Mid(p[362], p[263]), p[1], p[61], p[291]]),
            _ => throw new ArgumentException($"Cannot reduce {p.Count} {landmarks.Scheme} points to five.", nameof(landmarks)),
        };
    }

    /// <summary>Five points straight from detector keypoints (SCRFD: five; BlazeFace: eyes, nose, mouth centre, ears).</summary>
    /// <param name="face">A detection with keypoints.</param>
    /// <returns>Five-point landmarks, or <see langword="null"/> when the detector gave none usable.</returns>
    public static FaceLandmarks? FromDetection(FaceDetection face)
    {
        ArgumentNullException.ThrowIfNull(face);
        return face.Keypoints.Count == 5 ? new FaceLandmarks(LandmarkScheme.FivePoint, face.Keypoints) : null;
    }

    private static FacePoint Mean(IReadOnlyList<FacePoint> p, int start, int count)
    {
        float x = 0, y = 0;
        for (var i = start; i < start + count; i++)
        {
            x += p[i].X;
            y += p[i].Y;
        }

        return new FacePoint(x / count, y / count);
    }

    private static FacePoint Mid(FacePoint a, FacePoint b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2);
}
