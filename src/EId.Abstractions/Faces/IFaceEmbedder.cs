using EId.Imaging;

namespace EId.Faces;

/// <summary>Turns an aligned face into a <see cref="FaceTemplate"/>.</summary>
public interface IFaceEmbedder
{
    /// <summary>Identifier of the model, stored in every template it makes.</summary>
    string ModelId { get; }

    /// <summary>Embedding length.</summary>
    int Dimension { get; }

    /// <summary>Aligns the face with its five-point landmarks and embeds it.</summary>
    /// <param name="image">The image holding the face.</param>
    /// <param name="fivePoints">Landmarks in <see cref="LandmarkScheme.FivePoint"/> layout.</param>
    FaceTemplate Embed(PixelBuffer image, FaceLandmarks fivePoints);
}
