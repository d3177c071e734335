namespace EId.Credentials.Issuing;

/// <summary>
/// An in-process counter for tests and hosts that write no status claim. It restarts at <paramref name="start"/> in every
/// process, so after a restart indices repeat: issuers with a status list use an <see cref="ICredentialStatusStore"/>.
/// </summary>
/// <param name="start">The first index handed out.</param>
public sealed class SequentialStatusIndexAllocator(long start = 0) : IStatusIndexAllocator
{
    private long _next = start - 1;

    /// <inheritdoc />
    public ValueTask<long> NextAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Interlocked.Increment(ref _next));
}
