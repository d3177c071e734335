using EId.Imaging;

namespace EId.Faces;

/// <summary>Locates facial landmarks inside a detected face.</summary>
public interface IFaceLandmarker
{
    /// <summary>The point layout this landmarker produces.</summary>
    LandmarkScheme Scheme { get; }

    /// <summary>Locates landmarks for <paramref name="face"/> in <paramref name="image"/>.</summary>
    FaceLandmarks Locate(PixelBuffer image, FaceDetection face);
}
