using System.Security.Cryptography;
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
    private readonly Lock _gate = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, FaceTemplate Template)>> _entries = [];
    private readonly LinkedList<(Key Key, FaceTemplate Template)> _recency = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> templates.</summary>
    /// <param name="capacity">Most templates kept (at least 1); the least recently used goes first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public FaceTemplateCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Most templates kept.</summary>
    public int Capacity { get; }

    /// <summary>Templates held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Look-ups that found a template.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Look-ups that found none.</summary>
    public long Misses => Interlocked.Read(ref _misses);

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

    /// <summary>Finds the template of <paramref name="key"/> and marks it most recently used.</summary>
    /// <param name="key">The key.</param>
    /// <param name="template">The template when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGet(Key key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FaceTemplate? template)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                template = node.Value.Template;
                _hits++;
                return true;
            }

            _misses++;
            template = null;
            return false;
        }
    }

    /// <summary>Adds or replaces the template of <paramref name="key"/>, evicting the least recently used beyond <see cref="Capacity"/>.</summary>
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

        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst((key, template));
            while (_entries.Count > Capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    /// <summary>Drops every template.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    /// <summary>A cache key: the model id and the portrait's SHA-256 (Base64); never the portrait itself.</summary>
    /// <param name="ModelId">The embedding model's id.</param>
    /// <param name="Digest">SHA-256 of the encoded portrait, Base64.</param>
    public readonly record struct Key(string ModelId, string Digest);
}
