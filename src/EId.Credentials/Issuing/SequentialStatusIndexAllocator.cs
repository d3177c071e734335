namespace EId.Credentials.Issuing;

/// <summary>An in-process counter; hosts that restart need a persistent allocator behind <see cref="IStatusIndexAllocator"/>.</summary>
/// <param name="start">The first index handed out.</param>
public sealed class SequentialStatusIndexAllocator(long start = 0) : IStatusIndexAllocator
{
    private long _next = start - 1;

    /// <inheritdoc />
    public ValueTask<long> NextAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Interlocked.Increment(ref _next));
}
