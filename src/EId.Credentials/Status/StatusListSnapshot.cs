namespace EId.Credentials.Status;

/// <summary>A verified status list token: which list, when it was issued, and its bits.</summary>
/// <param name="Uri">The list's identifier (CWT sub).</param>
/// <param name="IssuedAt">When the issuer signed it.</param>
/// <param name="ExpiresAt">When it stops being usable, if set.</param>
/// <param name="List">The bits.</param>
public sealed record StatusListSnapshot(string Uri, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, StatusList List);
