using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using EId.Caching;
using EId.Faces;

namespace EId.Biometrics.Matching;

/// <summary>
/// A bounded, least-recently-used cache of reference templates, keyed by the embedding model's id and the SHA-256 of the
/// encoded portrait, so that a citizen's registry or document portrait is detected and embedded once rather than on every
/// request. The same bytes always give the same template, so a hit decides exactly as a fresh enrolment would.
/// </summary>
/// <remarks>
/// Thread-safe. Holds biometric templates in memory only, never the portraits; <see cref="Clear"/> drops them all.
/// Only successful enrolments are cached.
/// </remarks>
public sealed class FaceTemplateCache
{
    private readonly LruCache<Key, FaceTemplate> _entries;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> templates.</summary>
    /// <param name="capacity">Most templates kept (at least 1); the least recently used goes first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public FaceTemplateCache(int capacity) => _entries = new(capacity);

    /// <summary>Most templates kept.</summary>
    public int Capacity => _entries.Capacity;

    /// <summary>Templates held now.</summary>
    public int Count => _entries.Count;

    /// <summary>Look-ups that found a template.</summary>
    public long Hits => _entries.Hits;

    /// <summary>Look-ups that found none.</summary>
    public long Misses => _entries.Misses;

    /// <summary>Finds the template of <paramref name="key"/> and marks it most recently used.</summary>
    /// <param name="key">The key.</param>
    /// <param name="template">The template when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGet(Key key, [MaybeNullWhen(false)] out FaceTemplate template) => _entries.TryGet(key, out template);

    /// <summary>Drops every template.</summary>
    public void Clear() => _entries.Clear();

    /// <summary>The cache key of a portrait for a model.</summary>
    /// <param name="modelId">The embedding model's id.</param>
    /// <param name="encodedPortrait">The portrait's encoded bytes.</param>
    /// <returns>The key.</returns>
    public static Key KeyOf(string modelId, ReadOnlySpan<byte> encodedPortrait)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(encodedPortrait, digest);
        return new Key(modelId, Convert.ToBase64String(digest));
    }

    /// <summary>Adds or replaces the template of <paramref name="key"/>, evicting the least recently used beyond the capacity.</summary>
    /// <param name="key">The key.</param>
    /// <param name="template">A template of the key's model.</param>
    /// <exception cref="ArgumentException">The template comes from another model than the key's.</exception>
    public void Add(Key key, FaceTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.ModelId != key.ModelId)
        {
            throw new ArgumentException("The template comes from another model than the key's.", nameof(template));
        }

        _entries.Set(key, template);
    }

    /// <summary>A cache key: the model id and the portrait's SHA-256 (Base64); never the portrait itself.</summary>
    /// <param name="ModelId">The embedding model's id.</param>
    /// <param name="Digest">SHA-256 of the encoded portrait, Base64.</param>
    public readonly record struct Key(string ModelId, string Digest);
}
