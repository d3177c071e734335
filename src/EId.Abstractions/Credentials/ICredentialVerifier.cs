namespace EId.Credentials;

/// <summary>Verifies credentials offline against a trust list (and a status list, when configured).</summary>
public interface ICredentialVerifier
{
    /// <summary>Decodes and verifies QR text. Never throws on bad input: the result says what is wrong.</summary>
    ValueTask<CredentialVerification> VerifyAsync(string qrText, CancellationToken cancellationToken = default);
}
