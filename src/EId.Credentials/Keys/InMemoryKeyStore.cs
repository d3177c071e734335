namespace EId.Credentials.Keys;

/// <summary>An <see cref="IIssuerKeyStore"/> holding a key in memory (tests, HSM adapters that hand over a key object).</summary>
/// <param name="key">The signing key; the caller keeps ownership.</param>
public sealed class InMemoryKeyStore(IssuerSigningKey key) : IIssuerKeyStore
{
    private IssuerSigningKey _key = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>Replaces the signing key (rotation).</summary>
    public void Rotate(IssuerSigningKey next) => _key = next ?? throw new ArgumentNullException(nameof(next));

    /// <inheritdoc />
    public ValueTask<IssuerSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_key);
}
