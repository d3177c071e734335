namespace EId.Risk.Policies;

/// <summary>
/// Sliding-window event counts behind <see cref="VelocityPolicy"/>. In one process <see cref="SlidingWindowCounter"/>;
/// behind a load balancer a shared store (<see cref="PostgresVelocityCounter"/>) so that a limit counts every instance's requests.
/// </summary>
public interface IVelocityCounter
{
    /// <summary>
    /// Counts one event for <paramref name="key"/> at <paramref name="now"/> when fewer than <paramref name="limit"/> events were
    /// counted in (<paramref name="now"/> − <paramref name="window"/>, <paramref name="now"/>]; returns false (and counts nothing)
    /// otherwise. Atomic per key: of N concurrent callers at a limit of L exactly min(N, L) succeed.
    /// </summary>
    ValueTask<bool> TryAcquireAsync(string key, DateTimeOffset now, int limit, TimeSpan window, CancellationToken cancellationToken = default);
}
