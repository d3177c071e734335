namespace EId.Biometrics.Quality;

/// <summary>The raw measurements behind a quality decision (NaN where no face was found).</summary>
/// <param name="FaceCount">Faces detected.</param>
/// <param name="InterEyeDistance">Distance between the eye centres, source pixels.</param>
/// <param name="Sharpness">Variance of the Laplacian of the 112×112 grey face.</param>
/// <param name="Brightness">Mean face luminance, 0–255.</param>
/// <param name="Contrast">Standard deviation of face luminance.</param>
/// <param name="Yaw">Yaw estimate, degrees.</param>
/// <param name="Pitch">Pitch estimate, degrees.</param>
/// <param name="Roll">Roll, degrees.</param>
/// <param name="EyeAspectRatio">Mean eye-aspect ratio.</param>
/// <param name="CentreOffset">Largest of the horizontal and vertical offsets of the face centre from the frame centre, as a fraction of the frame.</param>
/// <param name="DetectionScore">The subject's detector score.</param>
/// <param name="CutOff">Whether the face box or its landmarks reach outside the frame.</param>
public sealed record QualityMeasures(int FaceCount, float InterEyeDistance, float Sharpness, float Brightness, float Contrast, float Yaw, float Pitch, float Roll, float EyeAspectRatio, float CentreOffset, float DetectionScore, bool CutOff);
