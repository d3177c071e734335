using EId.Biometrics.Imaging;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Alignment;

/// <summary>Aligns a face to the standard ArcFace five-point template with a least-squares similarity transform.</summary>
public static class FaceAligner
{
    /// <summary>The ArcFace template for a 112×112 crop: eyes, nose tip, mouth corners.</summary>
    public static IReadOnlyList<FacePoint> ArcFaceTemplate112 { get; } =
    [
        new(38.2946f, 51.6963f),
        new(73.5318f, 51.5014f),
        new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f),
        new(70.7299f, 92.2041f),
    ];

    /// <summary>The template scaled to a square crop of <paramref name="size"/> pixels (e.g. 224 for 224-input models).</summary>
    /// <param name="size">Crop side.</param>
    /// <returns>Five template points.</returns>
    public static FacePoint[] Template(int size)
    {
        var s = size / 112f;
        return [.. ArcFaceTemplate112.Select(p => new FacePoint(p.X * s, p.Y * s))];
    }

    /// <summary>The transform mapping crop pixels back to the source image, for five points and a crop of <paramref name="size"/>.</summary>
    /// <param name="fivePoints">Five landmarks in ArcFace order.</param>
    /// <param name="size">Crop side.</param>
    /// <returns>Crop → source transform.</returns>
    public static SimilarityTransform CropToSource(FaceLandmarks fivePoints, int size)
    {
        ArgumentNullException.ThrowIfNull(fivePoints);
        return SimilarityTransform.Estimate(Template(size), fivePoints.Points);
    }

    /// <summary>Warps the face into a pooled <paramref name="size"/>×<paramref name="size"/> RGB buffer (bilinear); dispose it.</summary>
    /// <param name="image">Source image.</param>
    /// <param name="fivePoints">Five landmarks in ArcFace order.</param>
    /// <param name="size">Crop side (112 for ArcFace models).</param>
    /// <returns>The aligned crop.</returns>
    public static PixelBuffer Align(PixelBuffer image, FaceLandmarks fivePoints, int size = 112)
    {
        ArgumentNullException.ThrowIfNull(image);
        var crop = PixelBuffer.Rent(size, size, PixelFormat.Rgb24);
        ImageSampler.Warp(image, CropToSource(fivePoints, size).ToMatrix(), crop);
        return crop;
    }
}
