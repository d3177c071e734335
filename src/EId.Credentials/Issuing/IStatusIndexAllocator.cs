namespace EId.Credentials.Issuing;

/// <summary>Hands out status-list indices for new credentials (one per credential, never reused).</summary>
public interface IStatusIndexAllocator
{
    /// <summary>The next free index.</summary>
    ValueTask<long> NextAsync(CancellationToken cancellationToken = default);
}
