namespace EId.Biometrics.Models;

/// <summary>Where to look for models first (e.g. an integrator's own SCRFD/ArcFace files).</summary>
public sealed class FaceModelOptions
{
    /// <summary>A folder searched before the environment variable, <c>models/</c> beside the app and the checkout's model cache; null for none.</summary>
    public string? Directory { get; set; }
}
