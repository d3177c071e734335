namespace EId.Risk.Policies;

/// <summary>
/// Daily opening hours in a site's local time. <see cref="From"/> after <see cref="Until"/> means the
/// hours wrap past midnight (e.g. 22:00–06:00); equal times mean open around the clock.
/// </summary>
public sealed class OperatingHours
{
    /// <summary>Opening time (inclusive).</summary>
    public TimeOnly From { get; set; } = new(8, 0);

    /// <summary>Closing time (exclusive).</summary>
    public TimeOnly Until { get; set; } = new(20, 0);

    /// <summary>The site's offset from UTC.</summary>
    public TimeSpan UtcOffset { get; set; }

    /// <summary>True when <paramref name="at"/> falls within the hours.</summary>
    public bool IsOpen(DateTimeOffset at)
    {
        var local = TimeOnly.FromTimeSpan(at.ToOffset(UtcOffset).TimeOfDay);
        if (From == Until)
        {
            return true;
        }

        return From < Until
            ? local >= From && local < Until
            : local >= From || local < Until;
    }

    /// <inheritdoc />
    public override string ToString() => $"{From:HH\\:mm}-{Until:HH\\:mm} (UTC{(UtcOffset < TimeSpan.Zero ? "-" : "+")}{UtcOffset:hh\\:mm})";
}
