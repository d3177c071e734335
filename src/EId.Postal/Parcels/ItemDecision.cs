namespace EId.Postal.Parcels;

/// <summary>An item policy's answer.</summary>
/// <param name="Accepted">True when the item may be sent.</param>
/// <param name="Reason">Why not, for the courier's screen; null when accepted.</param>
public sealed record ItemDecision(bool Accepted, string? Reason)
{
    /// <summary>The item may be sent.</summary>
    public static ItemDecision Accept { get; } = new(true, null);

    /// <summary>The item is refused for <paramref name="reason"/>.</summary>
    public static ItemDecision Refuse(string reason) => new(false, reason);
}
