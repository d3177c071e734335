using System.Collections.Frozen;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>
/// The server end of the sealed channel, independent of transport: opens requests from pinned clients
/// (authenticity, timestamp window, single use) and seals each response for the one client that asked.
/// Thread-safe; does not own the key pair.
/// </summary>
public sealed class ChannelResponder
{
    private readonly ChannelKeyPair _serverKey;
    private readonly FrozenDictionary<ulong, (PublicKey Key, byte[] Raw)> _clients;
    private readonly IChannelReplayStore _replayStore;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;

    /// <summary>Creates the server end.</summary>
    /// <param name="serverKey">This server's static key pair (its public key is pinned by clients).</param>
    /// <param name="pinnedClientPublicKeys">Raw 32-byte public keys of the clients allowed to call.</param>
    /// <param name="replayGuard">Memory of accepted message ids (<see cref="ReplayGuard"/> in one process; a shared store behind a balancer).</param>
    /// <param name="window">How far a request's timestamp may be from now, either way.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <exception cref="ArgumentException">A pinned key is not a 32-byte X25519 public key.</exception>
    public ChannelResponder(ChannelKeyPair serverKey, IEnumerable<ReadOnlyMemory<byte>> pinnedClientPublicKeys, IChannelReplayStore replayGuard, TimeSpan window, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(serverKey);
        ArgumentNullException.ThrowIfNull(pinnedClientPublicKeys);
        ArgumentNullException.ThrowIfNull(replayGuard);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var clients = new Dictionary<ulong, (PublicKey, byte[])>();
        foreach (var raw in pinnedClientPublicKeys)
        {
            if (raw.Length != ChannelKeys.KeySize ||
                !PublicKey.TryImport(KeyAgreementAlgorithm.X25519, raw.Span, KeyBlobFormat.RawPublicKey, out var key) || key is null)
            {
                throw new ArgumentException("Each pinned client key must be a raw 32-byte X25519 public key.", nameof(pinnedClientPublicKeys));
            }

            clients[KeyIdOf(SealedChannelProtocol.KeyId(raw.Span))] = (key, raw.ToArray());
        }

        _serverKey = serverKey;
        _clients = clients.ToFrozenDictionary();
        _replayStore = replayGuard;
        _window = window;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Opens a sealed request received on <paramref name="route"/> (the same text the client sealed it for). Waits for the
    /// replay store synchronously: use <see cref="OpenAsync"/> with a store that does I/O.
    /// </summary>
    /// <returns>The opened request (dispose after sealing the response), or why it was refused.</returns>
    public Result<OpenedRequest, Failure<ChannelError>> Open(ReadOnlySpan<byte> request, string route)
    {
        var unsealed = Unseal(request, route, out var forgetAfter);
        if (!unsealed.IsSuccess)
        {
            return unsealed;
        }

        var check = _replayStore.TryAcceptAsync(unsealed.Value.MessageId, forgetAfter);
        return Admit(unsealed.Value, check.IsCompletedSuccessfully ? check.Result : check.AsTask().GetAwaiter().GetResult());
    }

    /// <summary>Opens a sealed request received on <paramref name="route"/> (the same text the client sealed it for).</summary>
    /// <param name="request">The sealed request.</param>
    /// <param name="route">The route it was received on.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The opened request (dispose after sealing the response), or why it was refused.</returns>
    public async ValueTask<Result<OpenedRequest, Failure<ChannelError>>> OpenAsync(ReadOnlyMemory<byte> request, string route, CancellationToken cancellationToken = default)
    {
        var unsealed = Unseal(request.Span, route, out var forgetAfter);
        if (!unsealed.IsSuccess)
        {
            return unsealed;
        }

        ChannelError? replay;
        try
        {
            replay = await _replayStore.TryAcceptAsync(unsealed.Value.MessageId, forgetAfter, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            unsealed.Value.Dispose();
            throw;
        }

        return Admit(unsealed.Value, replay);
    }

    private static Result<OpenedRequest, Failure<ChannelError>> Admit(OpenedRequest opened, ChannelError? replay)
    {
        if (replay is null)
        {
            return opened;
        }

        opened.Dispose();
        return replay == ChannelError.Replayed
            ? Reject(ChannelError.Replayed, "The request was already accepted once.")
            : Reject(replay.Value, "The replay cache is full.");
    }

    // Authenticates and decrypts; the replay check comes after, so only authentic requests reach the replay store.
    private Result<OpenedRequest, Failure<ChannelError>> Unseal(ReadOnlySpan<byte> request, string route, out DateTimeOffset forgetAfter)
    {
        forgetAfter = default;
        ArgumentNullException.ThrowIfNull(route);
        if (request.Length < SealedChannelProtocol.RequestHeaderSize + SealedChannelProtocol.TagSize)
        {
            return Reject(ChannelError.Malformed, "The request is shorter than a sealed message.");
        }

        if (request[0] != SealedChannelProtocol.Version)
        {
            return Reject(ChannelError.UnsupportedVersion, "The request uses an unsupported protocol version.");
        }

        if (request[1] != SealedChannelProtocol.RequestKind)
        {
            return Reject(ChannelError.Malformed, "The message is not a sealed request.");
        }

        var header = request[..SealedChannelProtocol.RequestHeaderSize];
        if (!_clients.TryGetValue(KeyIdOf(header.Slice(2, SealedChannelProtocol.KeyIdSize)), out var client))
        {
            return Reject(ChannelError.UnknownPeer, "The client key is not pinned here.");
        }

        var sentAt = SealedChannelProtocol.ReadTimestamp(header.Slice(2 + SealedChannelProtocol.KeyIdSize + SealedChannelProtocol.MessageIdSize, SealedChannelProtocol.TimestampSize));
        var now = _timeProvider.GetUtcNow();
        var windowMs = (long)_window.TotalMilliseconds;
        if (sentAt < now.ToUnixTimeMilliseconds() - windowMs || sentAt > now.ToUnixTimeMilliseconds() + windowMs)
        {
            return Reject(ChannelError.StaleTimestamp, "The request timestamp is outside the accepted window.");
        }

        if (!PublicKey.TryImport(KeyAgreementAlgorithm.X25519, header[^SealedChannelProtocol.PublicKeySize..], KeyBlobFormat.RawPublicKey, out var ephemeral) || ephemeral is null)
        {
            return Reject(ChannelError.Malformed, "The request carries no valid ephemeral key.");
        }

        var chainingKey = SealedChannelProtocol.RequestChainingKey(_serverKey.Key, ephemeral, _serverKey.Key, client.Key);
        if (chainingKey is null)
        {
            return Reject(ChannelError.BadSeal, "Key agreement with the request key failed.");
        }

        var serverPublic = _serverKey.PublicKey.Span;
        var plaintext = SealedChannelProtocol.OpenRequest(chainingKey, client.Raw, serverPublic, header, route, request[SealedChannelProtocol.RequestHeaderSize..]);
        if (plaintext is null)
        {
            CryptographicOperations.ZeroMemory(chainingKey);
            return Reject(ChannelError.BadSeal, "The request seal does not verify (tampered, wrong key, or another route).");
        }

        // Only authentic requests reach the replay cache, so forged ids cannot fill it.
        forgetAfter = DateTimeOffset.FromUnixTimeMilliseconds(sentAt) + _window;
        return new OpenedRequest(plaintext, chainingKey, header.ToArray(), client.Raw, _serverKey.PublicKey, ephemeral, route, _timeProvider);
    }

    private static ulong KeyIdOf(ReadOnlySpan<byte> keyId) => BitConverter.ToUInt64(keyId);

    private static Failure<ChannelError> Reject(ChannelError reason, string message) => new(reason, message);
}
