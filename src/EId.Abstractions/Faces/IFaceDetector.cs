using EId.Imaging;

namespace EId.Faces;

/// <summary>Finds faces in an image.</summary>
public interface IFaceDetector
{
    /// <summary>Detects faces, best first (see the implementation's documented subject rule).</summary>
    /// <param name="image">The image; not retained.</param>
    /// <returns>Every face above the configured score and size thresholds; empty when none.</returns>
    IReadOnlyList<FaceDetection> Detect(PixelBuffer image);
}
