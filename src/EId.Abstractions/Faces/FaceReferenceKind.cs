namespace EId.Faces;

/// <summary>What a reference face is, which sets the threshold a live face is matched at.</summary>
public enum FaceReferenceKind
{
    /// <summary>A full portrait (registry, ID card) or a template made from one: the embedder's calibrated threshold.</summary>
    Portrait = 0,

    /// <summary>
    /// Only a credential's small face-crop thumbnail (e.g. the 64 px face of a Claim 169 QR): its own, lower calibrated
    /// threshold, because downscaling costs genuine scores more than impostor ones.
    /// </summary>
    Thumbnail = 1,
}
