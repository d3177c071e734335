using System.Buffers.Binary;

namespace EId.Registry.Channel;

/// <summary>
/// The server's memory of accepted message ids, kept until their timestamp leaves the window
/// (after that the timestamp check refuses them anyway). Bounded: when full of live ids it fails closed.
/// One instance per server process; several instances behind a balancer share a store instead (<see cref="PostgresChannelReplayStore"/>).
/// </summary>
public sealed class ReplayGuard : IChannelReplayStore
{
    private readonly Dictionary<UInt128, DateTimeOffset> _seen = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _capacity;

    /// <summary>Creates a guard.</summary>
    /// <param name="timeProvider">Clock for expiry.</param>
    /// <param name="capacity">Most ids remembered at once.</param>
    public ReplayGuard(TimeProvider? timeProvider = null, int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _capacity = capacity;
    }

    /// <summary>Number of ids remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Accepts a 16-byte message id once; later calls with the same id until <paramref name="forgetAfter"/> are refused.</summary>
    /// <returns>Null when accepted, else <see cref="ChannelError.Replayed"/> or <see cref="ChannelError.Overloaded"/>.</returns>
    public ChannelError? TryAccept(ReadOnlySpan<byte> messageId, DateTimeOffset forgetAfter)
    {
        if (messageId.Length != SealedChannelProtocol.MessageIdSize)
        {
            return ChannelError.Malformed;
        }

        var id = BinaryPrimitives.ReadUInt128BigEndian(messageId);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_seen.TryGetValue(id, out var expiry))
            {
                if (expiry >= now)
                {
                    return ChannelError.Replayed;
                }

                _seen.Remove(id);
            }

            if (_seen.Count >= _capacity)
            {
                Prune(now);
                if (_seen.Count >= _capacity)
                {
                    return ChannelError.Overloaded;
                }
            }

            _seen[id] = forgetAfter;
            return null;
        }
    }

    /// <inheritdoc />
    public ValueTask<ChannelError?> TryAcceptAsync(ReadOnlyMemory<byte> messageId, DateTimeOffset forgetAfter, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TryAccept(messageId.Span, forgetAfter));

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, expiry) in _seen)
        {
            if (expiry < now)
            {
                _seen.Remove(id);
            }
        }
    }
}
