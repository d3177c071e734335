namespace EId.Credentials;

/// <summary>A signed credential ready to show as a QR code.</summary>
/// <param name="QrText">The QR payload (Base45 text, alphanumeric mode).</param>
/// <param name="Subject">The identity it asserts.</param>
/// <param name="Metadata">Its envelope.</param>
public sealed record IssuedCredential(string QrText, CredentialSubject Subject, CredentialMetadata Metadata)
{
    /// <summary>Never prints the payload (it carries personal data).</summary>
    public override string ToString() => $"IssuedCredential(serial={Metadata.Serial}, {QrText.Length} chars)";
}
