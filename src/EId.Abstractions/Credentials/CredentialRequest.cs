namespace EId.Credentials;

/// <summary>What the issuer needs to mint a temporary e-ID.</summary>
/// <param name="Subject">The identity to assert.</param>
/// <param name="DeviceId">The issuing device.</param>
/// <param name="Validity">How long the credential is valid from issuance.</param>
public sealed record CredentialRequest(CredentialSubject Subject, string DeviceId, TimeSpan Validity)
{
    /// <summary>Index in the issuer's status list, for revocation; assigned by the issuer when null.</summary>
    public long? StatusIndex { get; init; }

    /// <summary>
    /// Where the face is in <see cref="CredentialSubject.Face"/> (pixels of the upright image), when known: an issuer that
    /// shrinks the image to a thumbnail crops this face first, so the few hundred bytes show the face, not the background.
    /// </summary>
    public Faces.FaceBox? FaceRegion { get; init; }
}
