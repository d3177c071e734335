using System.Collections.Concurrent;
using EId.Privacy;

namespace EId.Risk.Policies;

/// <summary>
/// The ID-number blacklist, held as keyed pseudonyms (<see cref="SubjectPseudonym"/>) only: the plain
/// numbers are never stored, so a leaked list does not reveal who is on it. Thread-safe.
/// </summary>
public sealed class IdBlacklist
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
    private readonly SubjectPseudonym _pseudonym;

    /// <summary>Creates a blacklist hashing with <paramref name="pseudonym"/>, optionally seeded with pseudonyms.</summary>
    public IdBlacklist(SubjectPseudonym pseudonym, IEnumerable<string>? subjectKeys = null)
    {
        ArgumentNullException.ThrowIfNull(pseudonym);
        _pseudonym = pseudonym;
        foreach (var key in subjectKeys ?? [])
        {
            AddSubjectKey(key);
        }
    }

    /// <summary>Number of entries.</summary>
    public int Count => _keys.Count;

    /// <summary>The stored pseudonyms (for export or audit; never the plain numbers).</summary>
    public IReadOnlyCollection<string> SubjectKeys => [.. _keys.Keys];

    /// <summary>Blacklists an ID number (only its pseudonym is kept); false when already present.</summary>
    public bool Add(string idNumber) => AddSubjectKey(_pseudonym.Of(idNumber));

    /// <summary>Blacklists a pseudonym computed elsewhere under the same key; false when already present.</summary>
    public bool AddSubjectKey(string subjectKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectKey);
        return _keys.TryAdd(subjectKey, 0);
    }

    /// <summary>Removes an ID number; false when absent.</summary>
    public bool Remove(string idNumber) => _keys.TryRemove(_pseudonym.Of(idNumber), out _);

    /// <summary>True when <paramref name="idNumber"/> is blacklisted.</summary>
    public bool Contains(string idNumber) => _keys.ContainsKey(_pseudonym.Of(idNumber));
}
