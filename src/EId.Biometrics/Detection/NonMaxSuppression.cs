using EId.Faces;

namespace EId.Biometrics.Detection;

/// <summary>Merges overlapping candidate boxes into one detection per face.</summary>
internal static class NonMaxSuppression
{
    /// <summary>Greedy NMS: keeps the best box and drops every box overlapping it by more than <paramref name="iou"/>.</summary>
    public static List<FaceDetection> Hard(List<FaceDetection> candidates, float iou, int maxFaces)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<FaceDetection>();
        foreach (var c in candidates)
        {
            if (kept.Count >= maxFaces)
            {
                break;
            }

            if (kept.TrueForAll(k => k.Box.IntersectionOverUnion(c.Box) <= iou))
            {
                kept.Add(c);
            }
        }

        return kept;
    }

    /// <summary>
    /// Weighted NMS (BlazeFace): each kept face is the score-weighted mean of the boxes and keypoints that overlap the best one,
    /// which steadies the box between frames.
    /// </summary>
    public static List<FaceDetection> Weighted(List<FaceDetection> candidates, float iou, int maxFaces)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var remaining = new List<FaceDetection>(candidates);
        var kept = new List<FaceDetection>();
        while (remaining.Count > 0 && kept.Count < maxFaces)
        {
            var best = remaining[0];
            var group = remaining.FindAll(c => c.Box.IntersectionOverUnion(best.Box) > iou || ReferenceEquals(c, best));
            remaining.RemoveAll(group.Contains);
            float total = 0, x = 0, y = 0, r = 0, b = 0;
            var points = new float[best.Keypoints.Count * 2];
            foreach (var g in group)
            {
                total += g.Score;
                x += g.Box.X * g.Score;
                y += g.Box.Y * g.Score;
                r += g.Box.Right * g.Score;
                b += g.Box.Bottom * g.Score;
                for (var i = 0; i < best.Keypoints.Count && i < g.Keypoints.Count; i++)
                {
                    points[2 * i] += g.Keypoints[i].X * g.Score;
                    points[(2 * i) + 1] += g.Keypoints[i].Y * g.Score;
                }
            }

            var keypoints = new FacePoint[best.Keypoints.Count];
            for (var i = 0; i < keypoints.Length; i++)
            {
                keypoints[i] = new FacePoint(points[2 * i] / total, points[(2 * i) + 1] / total);
            }

            kept.Add(new FaceDetection(new FaceBox(x / total, y / total, (r - x) / total, (b - y) / total), best.Score, keypoints));
        }

        return kept;
    }

    /// <summary>Applies the score and size filters, then hard or weighted NMS.</summary>
    public static IReadOnlyList<FaceDetection> Finish(List<FaceDetection> candidates, FaceDetectorOptions options, bool weighted)
    {
        candidates.RemoveAll(c => c.Score < options.ScoreThreshold);
        var merged = weighted
            ? Weighted(candidates, options.NmsIouThreshold, options.MaxFaces)
            : Hard(candidates, options.NmsIouThreshold, options.MaxFaces);
        merged.RemoveAll(c => Math.Min(c.Box.Width, c.Box.Height) < options.MinFaceSize);
        return merged;
    }
}
