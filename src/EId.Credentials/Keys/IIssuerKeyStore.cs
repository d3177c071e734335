namespace EId.Credentials.Keys;

/// <summary>Supplies the issuer's current signing key (rotation happens behind this interface).</summary>
public interface IIssuerKeyStore
{
    /// <summary>Returns the key to sign new credentials with. The store owns the key; do not dispose it.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="InvalidOperationException">No usable key is configured (a broken environment, not bad input).</exception>
    ValueTask<IssuerSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken = default);
}
