using EId.Faces;

namespace EId.Postal.Courier;

/// <summary>The handheld's camera: captures a short live sequence of the sender's face.</summary>
public interface ISenderCamera
{
    /// <summary>Captures the sender.</summary>
    ValueTask<FaceCapture> CaptureAsync(CancellationToken cancellationToken = default);
}
