namespace EId.Registry.Protocol;

/// <summary>A decoded registry call.</summary>
internal abstract record RegistryRequest
{
    private RegistryRequest()
    {
    }

    /// <summary>Look a citizen up.</summary>
    public sealed record Lookup(string IdNumber) : RegistryRequest
    {
        /// <summary>Masked summary, safe for logs (the record default would print the raw ID number).</summary>
        public override string ToString() => $"Lookup({Privacy.PiiMask.IdNumber(IdNumber)})";
    }

    /// <summary>Record an issued e-ID.</summary>
    public sealed record RecordIssuance(IssuanceRecord Issuance) : RegistryRequest;
}
