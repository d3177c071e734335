namespace EId.Postal;

/// <summary>The sender's personal data, stored encrypted per record and destroyable at retention expiry.</summary>
/// <param name="IdNumber">ID number.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Phone">Phone number.</param>
public sealed record SenderPii(string IdNumber, string FullName, string? Phone)
{
    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"SenderPii({Privacy.PiiMask.IdNumber(IdNumber)}, {Privacy.PiiMask.Name(FullName)})";
}
