namespace EId.Credentials;

/// <summary>Signs and encodes temporary e-ID credentials.</summary>
public interface ICredentialIssuer
{
    /// <summary>Issues a credential for <paramref name="request"/>.</summary>
    ValueTask<IssuedCredential> IssueAsync(CredentialRequest request, CancellationToken cancellationToken = default);
}
