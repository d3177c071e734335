using EId.Faces;

namespace EId.Biometrics.Detection;

/// <summary>
/// Chooses <em>the</em> subject of an image that shows several faces.
/// </summary>
/// <remarks>
/// Rule: the detection with the highest score wins; a face is preferred to a higher-scoring one only when the scores
/// are within 0.01 of each other and it is at least 1.5× larger. Picking the largest box is <em>not</em> used as the
/// primary rule: in a measured case the largest box was a bystander closer to the camera while the subject, facing it,
/// had the highest score.
/// </remarks>
public static class SubjectSelection
{
    /// <summary>The subject among <paramref name="faces"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="faces">Detections in any order.</param>
    /// <returns>The chosen detection.</returns>
    public static FaceDetection? Choose(IReadOnlyList<FaceDetection> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        FaceDetection? best = null;
        foreach (var face in faces)
        {
            if (best is null || face.Score > best.Score + 0.01f
                || (MathF.Abs(face.Score - best.Score) <= 0.01f && face.Box.Area > 1.5f * best.Box.Area))
            {
                best = face;
            }
        }

        return best;
    }
}
