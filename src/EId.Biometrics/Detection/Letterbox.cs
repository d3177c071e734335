using System.Numerics;

namespace EId.Biometrics.Detection;

/// <summary>
/// Places a source image, scaled with its aspect ratio kept, inside a model's fixed input (optionally with a margin of
/// context around it, which detectors need when the face fills the whole image, as in ID-card portraits).
/// </summary>
internal readonly record struct Letterbox(float Scale, float OffsetX, float OffsetY)
{
    /// <param name="sourceWidth">Source width.</param>
    /// <param name="sourceHeight">Source height.</param>
    /// <param name="inputWidth">Model input width.</param>
    /// <param name="inputHeight">Model input height.</param>
    /// <param name="margin">Context to leave on each side, as a fraction of the source size.</param>
    /// <param name="centre">Centre the image (else top-left, as SCRFD was trained).</param>
    public static Letterbox Fit(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight, float margin = 0, bool centre = true)
    {
        var scale = MathF.Min(inputWidth / (sourceWidth * (1 + (2 * margin))), inputHeight / (sourceHeight * (1 + (2 * margin))));
        var ox = centre ? (inputWidth - (sourceWidth * scale)) / 2 : 0;
        var oy = centre ? (inputHeight - (sourceHeight * scale)) / 2 : 0;
        return new Letterbox(scale, ox, oy);
    }

    /// <summary>Maps model-input pixel indices to source pixel coordinates (pixel-centre aligned).</summary>
    public Matrix3x2 InputToSource => new(
        1 / Scale, 0, 0, 1 / Scale, ((0.5f - OffsetX) / Scale) - 0.5f, ((0.5f - OffsetY) / Scale) - 0.5f);

    /// <summary>Maps a model-input coordinate (continuous, in pixels) back to the source.</summary>
    public (float X, float Y) ToSource(float x, float y) => ((x - OffsetX) / Scale, (y - OffsetY) / Scale);
}
