namespace EId.Biometrics.Gallery;

/// <summary>What an enrolment did to the gallery.</summary>
public enum GalleryChange
{
    /// <summary>The subject was new.</summary>
    Added = 1,

    /// <summary>The subject's previous template was replaced.</summary>
    Replaced = 2,
}
