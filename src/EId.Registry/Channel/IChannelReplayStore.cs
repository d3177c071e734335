namespace EId.Registry.Channel;

/// <summary>
/// The registry server's memory of accepted message ids. <see cref="ReplayGuard"/> keeps it in one process; registry hosts
/// behind a load balancer share one (<see cref="PostgresChannelReplayStore"/>), so a request replayed to another host is refused.
/// </summary>
public interface IChannelReplayStore
{
    /// <summary>
    /// Accepts a 16-byte message id once; later calls with the same id until <paramref name="forgetAfter"/> are refused.
    /// Atomic: of concurrent calls with one id exactly one is accepted.
    /// </summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="forgetAfter">When the id may be forgotten (its timestamp has left the window by then).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Null when accepted, else <see cref="ChannelError.Replayed"/>, <see cref="ChannelError.Overloaded"/> or <see cref="ChannelError.Malformed"/>.</returns>
    ValueTask<ChannelError?> TryAcceptAsync(ReadOnlyMemory<byte> messageId, DateTimeOffset forgetAfter, CancellationToken cancellationToken = default);
}
