namespace EId.Biometrics.Gallery;

/// <summary>
/// The SIMD code path a <see cref="FaceGallery"/> scans with. A request for a path the CPU lacks falls back
/// to the best supported lower path (see <see cref="FaceGallery.Kernel"/>); <see cref="Auto"/> picks the fastest.
/// </summary>
public enum GalleryKernel
{
    /// <summary>The fastest path this CPU supports.</summary>
    Auto = 0,

    /// <summary>Portable code: <see cref="System.Runtime.Intrinsics.Vector128"/> for float32, scalar for int8.</summary>
    Portable = 1,

    /// <summary>256-bit vectors: float32 FMA; int8 widened to int16 and multiplied pairwise (AVX2).</summary>
    Vector256 = 2,

    /// <summary>256-bit vectors with VNNI: int8 dot products in one instruction per 32 bytes (AVX-VNNI).</summary>
    Vector256Vnni = 3,

    /// <summary>512-bit vectors: float32 FMA; int8 widened to int16 and multiplied pairwise (AVX-512BW).</summary>
    Vector512 = 4,
}
