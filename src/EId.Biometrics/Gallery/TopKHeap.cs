namespace EId.Biometrics.Gallery;

/// <summary>
/// The best k (score, slot) pairs seen so far: a fixed-size min-heap whose root is the worst kept entry.
/// Ranking is by score descending, then subject id ordinal ascending, so equal scores give the same
/// answer however the rows are laid out or partitioned.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly int[] _slots;
    private readonly string[] _ids;

    public TopKHeap(int capacity, string[] ids)
    {
        _scores = new float[capacity];
        _slots = new int[capacity];
        _ids = ids;
        Floor = capacity == 0 ? float.PositiveInfinity : float.NegativeInfinity;
    }

    /// <summary>Entries kept.</summary>
    public int Count { get; private set; }

    /// <summary>A score below this cannot enter (the root's score once full); equal scores go to <see cref="Offer"/> for the id tie-break.</summary>
    public float Floor { get; private set; }

    /// <summary>Considers one candidate.</summary>
    public void Offer(float score, int slot)
    {
        var capacity = _scores.Length;
        if (Count < capacity)
        {
            var i = Count++;
            _scores[i] = score;
            _slots[i] = slot;
            SiftUp(i);
            if (Count == capacity)
            {
                Floor = _scores[0];
            }

            return;
        }

        if (capacity == 0 || !IsBetter(score, slot, _scores[0], _slots[0]))
        {
            return;
        }

        _scores[0] = score;
        _slots[0] = slot;
        SiftDown(0);
        Floor = _scores[0];
    }

    /// <summary>Feeds every entry of <paramref name="other"/> into this heap.</summary>
    public void Merge(TopKHeap other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._scores[i], other._slots[i]);
        }
    }

    /// <summary>The kept entries, best first.</summary>
    public (float Score, int Slot)[] ToSortedArray()
    {
        var result = new (float Score, int Slot)[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = (_scores[i], _slots[i]);
        }

        var ids = _ids;
        Array.Sort(result, (a, b) => IsBetter(a.Score, a.Slot, b.Score, b.Slot, ids) ? -1 : (a.Slot == b.Slot ? 0 : 1));
        return result;
    }

    private static bool IsBetter(float score, int slot, float otherScore, int otherSlot, string[] ids) =>
        score > otherScore || (score == otherScore && string.CompareOrdinal(ids[slot], ids[otherSlot]) < 0);

    private bool IsBetter(float score, int slot, float otherScore, int otherSlot) =>
        IsBetter(score, slot, otherScore, otherSlot, _ids);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!IsBetter(_scores[parent], _slots[parent], _scores[i], _slots[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < Count && IsBetter(_scores[worst], _slots[worst], _scores[left], _slots[left]))
            {
                worst = left;
            }

            if (right < Count && IsBetter(_scores[worst], _slots[worst], _scores[right], _slots[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_slots[a], _slots[b]) = (_slots[b], _slots[a]);
    }
}
