using EId.Documents.IdCards;

namespace EId.Documents.Portraits;

/// <summary>
/// Turns a document portrait in a proprietary encoding (the GA 467 WLT photo) into a common image format.
/// WLT decoding needs a licensed decoder, so none ships here: a host registers its own implementation
/// and <see cref="IdCardReader"/> applies it to every portrait it reads.
/// </summary>
public interface IPortraitDecoder
{
    /// <summary>True when this decoder reads <paramref name="format"/>.</summary>
    /// <param name="format">The portrait's encoding.</param>
    /// <returns>Whether <see cref="TryDecode"/> can handle it.</returns>
    bool CanDecode(ImageFormat format);

    /// <summary>Decodes <paramref name="portrait"/> (e.g. WLT to PNG or JPEG).</summary>
    /// <param name="portrait">The encoded portrait.</param>
    /// <param name="decoded">The portrait in a common format.</param>
    /// <returns>False when the data cannot be decoded.</returns>
    bool TryDecode(DocumentPortrait portrait, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DocumentPortrait? decoded);
}
