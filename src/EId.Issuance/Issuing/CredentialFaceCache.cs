using System.Security.Cryptography;
using EId.Documents;

namespace EId.Issuance.Issuing;

/// <summary>
/// Keeps, per reference portrait (keyed by the SHA-256 of its bytes), the face image the credential issuer actually put
/// into a credential, e.g. its down-scaled WebP thumbnail. Giving that image back on the next issuance for the same
/// portrait spares decoding, resizing and re-encoding it, and the credential carries the same bytes as before.
/// </summary>
/// <remarks>Bounded, least recently used first out; thread-safe. Holds small face images in memory only.</remarks>
internal sealed class CredentialFaceCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, DocumentPortrait Face)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, DocumentPortrait Face)> _recency = new();

    /// <summary>Creates a cache of at most <paramref name="capacity"/> faces.</summary>
    public CredentialFaceCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

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

    /// <summary>The key of a portrait: SHA-256 of its bytes and its declared format (Base64), never the image.</summary>
    public static string KeyOf(DocumentPortrait portrait)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(portrait.Data.Span, digest);
        return $"{(int)portrait.Format}:{Convert.ToBase64String(digest)}";
    }

    public bool TryGet(string key, out DocumentPortrait face)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                face = node.Value.Face;
                return true;
            }
        }

        face = null!;
        return false;
    }

    public void Add(string key, DocumentPortrait face)
    {
        ArgumentNullException.ThrowIfNull(face);
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst((key, face));
            while (_entries.Count > Capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }
}
