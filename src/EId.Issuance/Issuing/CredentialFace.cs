namespace EId.Issuance.Issuing;

/// <summary>What face data the credential carries (the reference portrait the live face matched).</summary>
[Flags]
public enum CredentialFace
{
    /// <summary>No face data.</summary>
    None = 0,

    /// <summary>A small thumbnail of the reference portrait (the credential package down-scales it).</summary>
    Thumbnail = 1,

    /// <summary>The face template of the reference portrait (512 dimensions add ≈ 770 QR characters).</summary>
    Template = 2,
}
