using EId.Postal.Parcels;

namespace EId.Postal.Verdicts;

/// <summary>What the identity server sends the postal server (S2): the signed verdict and the parcel it is bound to.</summary>
public sealed record VerdictSubmission
{
    /// <summary>The signed verdict (<see cref="VerdictSigner.Sign"/>; base64 in JSON).</summary>
    public required byte[] Verdict { get; init; }

    /// <summary>The parcel details as the handheld sent them.</summary>
    public required ParcelDetails Parcel { get; init; }

    /// <summary>Summary, safe for logs.</summary>
    public override string ToString() => $"VerdictSubmission({Parcel.WaybillNumber}, {Verdict.Length} bytes)";
}
