using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using EId.Caching;
using EId.Documents;

namespace EId.Issuance.Issuing;

/// <summary>
/// Keeps, per reference portrait (keyed by the SHA-256 of its bytes), the face image the credential issuer actually put
/// into a credential, e.g. its down-scaled WebP thumbnail. Giving that image back on the next issuance for the same
/// portrait spares decoding, resizing and re-encoding it, and the credential carries the same bytes as before.
/// </summary>
/// <remarks>Bounded, least recently used first out; thread-safe. Holds small face images in memory only.</remarks>
internal sealed class CredentialFaceCache(int capacity)
{
    private readonly LruCache<string, DocumentPortrait> _entries = new(capacity, StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string key, [MaybeNullWhen(false)] out DocumentPortrait face) => _entries.TryGet(key, out face);

    /// <summary>The key of a portrait: SHA-256 of its bytes and its declared format (Base64), never the image.</summary>
    public static string KeyOf(DocumentPortrait portrait)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(portrait.Data.Span, digest);
        return $"{(int)portrait.Format}:{Convert.ToBase64String(digest)}";
    }

    public void Add(string key, DocumentPortrait face)
    {
        ArgumentNullException.ThrowIfNull(face);
        _entries.Set(key, face);
    }
}
