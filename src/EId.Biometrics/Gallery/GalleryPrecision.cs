namespace EId.Biometrics.Gallery;

/// <summary>How a <see cref="FaceGallery"/> stores its templates, trading memory and speed for exactness.</summary>
public enum GalleryPrecision
{
    /// <summary>32-bit floats: exact scores; 4 bytes per dimension.</summary>
    Float32 = 1,

    /// <summary>
    /// 8-bit codes with one symmetric scale per template (max-abs / 127): about 4× less memory and
    /// memory traffic than <see cref="Float32"/>; scores are approximate (error around 1e-3 for unit vectors).
    /// </summary>
    Int8 = 2,

    /// <summary>
    /// Scans the 8-bit codes, then re-scores the best <see cref="FaceGalleryOptions.RerankFactor"/> × k
    /// candidates exactly from a float32 copy: the scan speed of <see cref="Int8"/> with exact final scores,
    /// at 5 bytes per dimension of memory.
    /// </summary>
    Int8Reranked = 3,
}
