using System.Security.Cryptography;
using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>
/// The client end of the sealed channel, independent of transport: seals a request for the pinned
/// server key and returns a <see cref="PendingExchange"/> that alone can open the matching response.
/// Thread-safe; does not own the key pair.
/// </summary>
public sealed class ChannelInitiator
{
    private readonly ChannelKeyPair _clientKey;
    private readonly PublicKey _serverKey;
    private readonly byte[] _serverPublic;
    private readonly byte[] _clientKeyId;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the client end.</summary>
    /// <param name="clientKey">This client's static key pair (its public key is pinned by the server).</param>
    /// <param name="pinnedServerPublicKey">The server's raw 32-byte public key, pinned by configuration.</param>
    /// <param name="timeProvider">Clock for message timestamps.</param>
    /// <exception cref="ArgumentException"><paramref name="pinnedServerPublicKey"/> is not a 32-byte X25519 key.</exception>
    public ChannelInitiator(ChannelKeyPair clientKey, ReadOnlySpan<byte> pinnedServerPublicKey, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        if (pinnedServerPublicKey.Length != ChannelKeys.KeySize ||
            !PublicKey.TryImport(KeyAgreementAlgorithm.X25519, pinnedServerPublicKey, KeyBlobFormat.RawPublicKey, out var serverKey) || serverKey is null)
        {
            throw new ArgumentException("The pinned server key must be a raw 32-byte X25519 public key.", nameof(pinnedServerPublicKey));
        }

        _clientKey = clientKey;
        _serverKey = serverKey;
        _serverPublic = pinnedServerPublicKey.ToArray();
        _clientKeyId = SealedChannelProtocol.KeyId(clientKey.PublicKey.Span);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="route"/> (e.g. <c>POST /registry</c>) with a fresh ephemeral key and message id.</summary>
    /// <returns>The exchange: the wire bytes to send and the state to open the response with. Dispose it after use.</returns>
    public PendingExchange Seal(ReadOnlySpan<byte> plaintext, string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
        try
        {
            var wire = new byte[SealedChannelProtocol.RequestHeaderSize + plaintext.Length + SealedChannelProtocol.TagSize];
            var header = wire.AsSpan(0, SealedChannelProtocol.RequestHeaderSize);
            header[0] = SealedChannelProtocol.Version;
            header[1] = SealedChannelProtocol.RequestKind;
            _clientKeyId.CopyTo(header[2..]);
            var messageId = header.Slice(2 + SealedChannelProtocol.KeyIdSize, SealedChannelProtocol.MessageIdSize);
            RandomNumberGenerator.Fill(messageId);
            SealedChannelProtocol.WriteTimestamp(header.Slice(2 + SealedChannelProtocol.KeyIdSize + SealedChannelProtocol.MessageIdSize), _timeProvider.GetUtcNow());
            ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(header[^SealedChannelProtocol.PublicKeySize..]);

            var chainingKey = SealedChannelProtocol.RequestChainingKey(ephemeral, _serverKey, _clientKey.Key, _serverKey)
                ?? throw new CryptographicException("Key agreement with the pinned server key failed.");
            SealedChannelProtocol.SealRequest(chainingKey, _clientKey.PublicKey.Span, _serverPublic, header, route, plaintext, wire.AsSpan(SealedChannelProtocol.RequestHeaderSize));
            return new PendingExchange(wire, chainingKey, ephemeral, _clientKey, _serverPublic, route);
        }
        catch
        {
            ephemeral.Dispose();
            throw;
        }
    }
}
