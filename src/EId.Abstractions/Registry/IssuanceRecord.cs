namespace EId.Registry;

/// <summary>A temporary e-ID written back to the registry after issuance.</summary>
/// <param name="IdNumber">The citizen.</param>
/// <param name="Serial">The credential serial (CWT cti, hex).</param>
/// <param name="DeviceId">The issuing device.</param>
/// <param name="IssuedAt">Issued at.</param>
/// <param name="ExpiresAt">Expires at.</param>
public sealed record IssuanceRecord(string IdNumber, string Serial, string DeviceId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Request id that produced it (idempotency key).</summary>
    public string? RequestId { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"IssuanceRecord({Privacy.PiiMask.IdNumber(IdNumber)}, {Serial})";
}
