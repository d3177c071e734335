using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Eye closure, mouth opening and head pose estimated from 68 iBUG landmarks (geometry only, no model). Angles in
/// degrees, with the sign conventions of <see cref="FrameMeasurement"/>; yaw and pitch are coarse estimates from
/// landmark proportions, good for "turned clearly left" rather than for exact angles.
/// </summary>
public readonly record struct FaceGeometry(float EyeAspectRatio, float MouthOpening, float Yaw, float Pitch, float Roll)
{
    // Nose tip height between the eye line and the mouth line for a frontal face, and degrees per unit of that ratio.
    private const float FrontalNoseRatio = 0.55f;
    private const float PitchDegreesPerRatio = 150f;

    /// <summary>Measures 68-point landmarks.</summary>
    /// <param name="landmarks">Landmarks in <see cref="LandmarkScheme.Ibug68"/> layout.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="ArgumentException">Not 68 iBUG points.</exception>
    public static FaceGeometry From(FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var p = landmarks.Points;
        if (landmarks.Scheme != LandmarkScheme.Ibug68 || p.Count != 68)
        {
            throw new ArgumentException("FaceGeometry needs 68 iBUG landmarks.", nameof(landmarks));
        }

        var ear = (Eye(p, 36) + Eye(p, 42)) / 2;
        var mouthWidth = Distance(p[48], p[54]);
        var mouth = mouthWidth > 0 ? Distance(p[62], p[66]) / mouthWidth : 0;

        var leftEye = Mean(p, 36, 6);
        var rightEye = Mean(p, 42, 6);
        var rollRadians = MathF.Atan2(rightEye.Y - leftEye.Y, rightEye.X - leftEye.X);

        // De-rotate by the roll so yaw and pitch are read in the face's own frame.
        var cos = MathF.Cos(-rollRadians);
        var sin = MathF.Sin(-rollRadians);
        FacePoint R(FacePoint q) => new((q.X * cos) - (q.Y * sin), (q.X * sin) + (q.Y * cos));
        var nose = R(p[30]);
        var jawLeft = R(p[0]);
        var jawRight = R(p[16]);
        var eyes = R(new FacePoint((leftEye.X + rightEye.X) / 2, (leftEye.Y + rightEye.Y) / 2));
        var mouthMid = R(new FacePoint((p[48].X + p[54].X) / 2, (p[48].Y + p[54].Y) / 2));

        var span = jawRight.X - jawLeft.X;
        var yaw = span > 0 ? Degrees(MathF.Asin(Math.Clamp(((nose.X - jawLeft.X) - (jawRight.X - nose.X)) / span, -1f, 1f))) : 0;
        var height = mouthMid.Y - eyes.Y;
        var pitch = height > 0 ? (FrontalNoseRatio - ((nose.Y - eyes.Y) / height)) * PitchDegreesPerRatio : 0;
        return new FaceGeometry(ear, mouth, yaw, pitch, Degrees(rollRadians));
    }

    private static float Eye(IReadOnlyList<FacePoint> p, int i)
    {
        var width = Distance(p[i], p[i + 3]);
        return width > 0 ? (Distance(p[i + 1], p[i + 5]) + Distance(p[i + 2], p[i + 4])) / (2 * width) : 0;
    }

    private static float Distance(FacePoint a, FacePoint b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

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

    private static float Degrees(float radians) => radians * (180f / MathF.PI);
}
