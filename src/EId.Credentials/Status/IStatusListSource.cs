namespace EId.Credentials.Status;

/// <summary>Where a verifier finds the latest status list token it holds (downloaded while online, used offline).</summary>
public interface IStatusListSource
{
    /// <summary>Returns the token for <paramref name="uri"/>, or null when none is held.</summary>
    /// <param name="uri">The list identifier from the credential (null when the credential names none).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<ReadOnlyMemory<byte>?> GetTokenAsync(string? uri, CancellationToken cancellationToken = default);
}
