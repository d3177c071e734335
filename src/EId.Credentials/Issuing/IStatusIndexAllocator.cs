namespace EId.Credentials.Issuing;

/// <summary>
/// Hands out status-list indices for new credentials (one per credential, never reused, also across restarts: a reused
/// index would make revoking one credential revoke another). <see cref="ICredentialStatusStore"/> persists them.
/// </summary>
public interface IStatusIndexAllocator
{
    /// <summary>The next free index.</summary>
    ValueTask<long> NextAsync(CancellationToken cancellationToken = default);

    /// <summary>The next free index for the credential with serial (cti) <paramref name="serial"/>; stores that mapping when the allocator keeps one.</summary>
    ValueTask<long> NextAsync(ReadOnlyMemory<byte> serial, CancellationToken cancellationToken = default) => NextAsync(cancellationToken);
}
