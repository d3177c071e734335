namespace EId.Credentials;

/// <summary>The outcome of verifying a credential offline.</summary>
/// <param name="Subject">The decoded identity (also set on some failures, such as <see cref="CredentialError.Expired"/>, for display).</param>
/// <param name="Metadata">The decoded envelope, when it could be read.</param>
/// <param name="Error">Null when valid; otherwise why not.</param>
/// <param name="Message">Human-readable detail; never contains personal data.</param>
public sealed record CredentialVerification(CredentialSubject? Subject, CredentialMetadata? Metadata, CredentialError? Error, string Message)
{
    /// <summary>True when the credential is authentic, current and not revoked.</summary>
    public bool IsValid => Error is null;
}
