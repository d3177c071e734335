using EId.Postal.Outcomes;

namespace EId.Postal.Analytics.Facts;

/// <summary>The coarsening of time and weight that facts keep.</summary>
public static class FactBuckets
{
    /// <summary>Start of the hour or day (UTC) of <paramref name="time"/>.</summary>
    public static DateTime Time(DateTimeOffset time, FactTimeBucket bucket)
    {
        var hour = IntakeOutcome.HourOf(time).UtcDateTime;
        return bucket == FactTimeBucket.Day ? hour.Date : hour;
    }

    /// <summary>The largest of <paramref name="ascendingBounds"/> at or below <paramref name="grams"/> (0 below the first).</summary>
    public static int Weight(int grams, ReadOnlySpan<int> ascendingBounds)
    {
        var bucket = 0;
        foreach (var bound in ascendingBounds)
        {
            if (grams < bound)
            {
                break;
            }

            bucket = bound;
        }

        return bucket;
    }
}
