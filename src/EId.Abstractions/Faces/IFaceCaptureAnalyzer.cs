namespace EId.Faces;

/// <summary>
/// Analyses the frames of a live capture once (decode, detect, subject, landmarks, template) so that the steps of one
/// request can share the work. Consumers reuse an analysis only when it comes from the analyzer they would use
/// themselves (see <see cref="FaceCaptureAnalysis.Analyzer"/>); otherwise they analyse the capture their own way.
/// </summary>
public interface IFaceCaptureAnalyzer
{
    /// <summary>Analyses one frame. Thread-safe: frames of one capture may be analysed in parallel.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="index">Its index in the capture.</param>
    /// <returns>The analysis; its <see cref="FaceFrameAnalysis.Image"/> must be disposed by the caller (or by the <see cref="FaceCaptureAnalysis"/> that takes it).</returns>
    FaceFrameAnalysis AnalyzeFrame(FaceFrame frame, int index);
}
