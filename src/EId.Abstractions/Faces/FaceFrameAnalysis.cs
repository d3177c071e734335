using EId.Imaging;

namespace EId.Faces;

/// <summary>
/// What one analysis of one live frame found: its decoded pixels, every face, the chosen subject, its five alignment
/// points and its template. Made once per request by an <see cref="IFaceCaptureAnalyzer"/> and shared by the steps that
/// need it (watchlist probe, face match, passive liveness) instead of each decoding and detecting again.
/// </summary>
/// <param name="Index">The frame's index in its capture.</param>
/// <param name="Frame">The analysed frame (compared by reference to bind the analysis to its capture).</param>
public sealed record FaceFrameAnalysis(int Index, FaceFrame Frame)
{
    /// <summary>Whether the frame could be decoded.</summary>
    public bool Readable { get; init; }

    /// <summary>The decoded, upright pixels while the owning <see cref="FaceCaptureAnalysis"/> is not disposed; null when unreadable.</summary>
    public PixelBuffer? Image { get; init; }

    /// <summary>Every face the detector found (empty when none or unreadable).</summary>
    public IReadOnlyList<FaceDetection> Faces { get; init; } = [];

    /// <summary>The subject among <see cref="Faces"/>; null when there is no face.</summary>
    public FaceDetection? Subject { get; init; }

    /// <summary>The subject's five alignment points; null when there is no subject.</summary>
    public FaceLandmarks? FivePoints { get; init; }

    /// <summary>The subject's template; null when there is no subject.</summary>
    public FaceTemplate? Template { get; init; }

    /// <summary>Never prints pixels or the template.</summary>
    public override string ToString() =>
        $"FaceFrameAnalysis(#{Index}, {(Readable ? $"{Faces.Count} face(s)" : "unreadable")}{(Template is null ? string.Empty : ", template")})";
}
