using EId.Faces;
using EId.Postal.Courier;

namespace EId.Courier;

/// <summary>A camera made when the first capture is taken (the demo's frames may not exist when the handheld starts).</summary>
/// <param name="create">Makes the real camera.</param>
internal sealed class DeferredCamera(Func<ISenderCamera> create) : ISenderCamera
{
    /// <inheritdoc />
    public ValueTask<FaceCapture> CaptureAsync(CancellationToken cancellationToken = default) => create().CaptureAsync(cancellationToken);
}
