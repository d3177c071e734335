namespace EId.Faces;

/// <summary>Which point set a <see cref="FaceLandmarks"/> holds.</summary>
public enum LandmarkScheme
{
    /// <summary>Five points: left eye centre, right eye centre, nose tip, left mouth corner, right mouth corner (ArcFace order; "left" is the image's left).</summary>
    FivePoint = 5,

    /// <summary>The 68-point iBUG 300-W layout.</summary>
    Ibug68 = 68,

    /// <summary>MediaPipe FaceMesh, 468 points.</summary>
    FaceMesh468 = 468,
}
