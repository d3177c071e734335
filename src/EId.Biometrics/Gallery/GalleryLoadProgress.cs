namespace EId.Biometrics.Gallery;

/// <summary>Progress of <see cref="FaceGallery.LoadAsync(Stream, FaceGalleryOptions, IProgress{GalleryLoadProgress}?, CancellationToken)"/>.</summary>
/// <param name="TemplatesRead">Templates read so far.</param>
/// <param name="TemplateCount">Templates the file declares.</param>
/// <param name="BytesRead">Bytes read so far.</param>
public readonly record struct GalleryLoadProgress(int TemplatesRead, int TemplateCount, long BytesRead)
{
    /// <summary>Fraction done in [0, 1] (templates are most of the file).</summary>
    public double Fraction => TemplateCount == 0 ? 1 : (double)TemplatesRead / TemplateCount;
}
