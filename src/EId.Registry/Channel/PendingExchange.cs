using System.Security.Cryptography;
using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>
/// One sealed request in flight: its wire bytes and the secret state needed to open its response.
/// Use once per attempt (a retry seals a new exchange so the server's replay cache never sees the same id twice).
/// </summary>
public sealed class PendingExchange : IDisposable
{
    private readonly byte[] _chainingKey;
    private readonly Key _ephemeral;
    private readonly ChannelKeyPair _clientKey;
    private readonly byte[] _serverPublic;
    private readonly string _route;
    private bool _disposed;

    internal PendingExchange(byte[] request, byte[] chainingKey, Key ephemeral, ChannelKeyPair clientKey, byte[] serverPublic, string route)
    {
        Request = request;
        _chainingKey = chainingKey;
        _ephemeral = ephemeral;
        _clientKey = clientKey;
        _serverPublic = serverPublic;
        _route = route;
    }

    /// <summary>The sealed request to send.</summary>
    public ReadOnlyMemory<byte> Request { get; }

    /// <summary>The random message id (also the id the response must answer).</summary>
    public ReadOnlyMemory<byte> MessageId => Request.Slice(2 + SealedChannelProtocol.KeyIdSize, SealedChannelProtocol.MessageIdSize);

    /// <summary>Opens the server's sealed response to this request.</summary>
    /// <returns>The plaintext, or a typed reason: malformed, answers another request, or bad seal (tampered, wrong server key).</returns>
    /// <exception cref="ObjectDisposedException">The exchange was disposed.</exception>
    public Result<byte[], Failure<ChannelError>> OpenResponse(ReadOnlySpan<byte> response)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (response.Length < SealedChannelProtocol.ResponseHeaderSize + SealedChannelProtocol.TagSize)
        {
            return Reject(ChannelError.Malformed, "The response is shorter than a sealed message.");
        }

        if (response[0] != SealedChannelProtocol.Version)
        {
            return Reject(ChannelError.UnsupportedVersion, "The response uses an unsupported protocol version.");
        }

        if (response[1] != SealedChannelProtocol.ResponseKind)
        {
            return Reject(ChannelError.Malformed, "The message is not a sealed response.");
        }

        var header = response[..SealedChannelProtocol.ResponseHeaderSize];
        if (!header.Slice(2, SealedChannelProtocol.MessageIdSize).SequenceEqual(MessageId.Span))
        {
            return Reject(ChannelError.WrongRequest, "The response answers another request.");
        }

        if (!PublicKey.TryImport(KeyAgreementAlgorithm.X25519, header[^SealedChannelProtocol.PublicKeySize..], KeyBlobFormat.RawPublicKey, out var serverEphemeral) || serverEphemeral is null)
        {
            return Reject(ChannelError.Malformed, "The response carries no valid ephemeral key.");
        }

        var chainingKey = SealedChannelProtocol.ResponseChainingKey(_chainingKey, _ephemeral, serverEphemeral, _clientKey.Key, serverEphemeral);
        if (chainingKey is null)
        {
            return Reject(ChannelError.BadSeal, "Key agreement with the response key failed.");
        }

        try
        {
            var requestHeader = Request.Span[..SealedChannelProtocol.RequestHeaderSize];
            var plaintext = SealedChannelProtocol.OpenResponse(chainingKey, _clientKey.PublicKey.Span, _serverPublic, requestHeader, header, _route, response[SealedChannelProtocol.ResponseHeaderSize..]);
            return plaintext is null
                ? Reject(ChannelError.BadSeal, "The response seal does not verify (tampered, or not from the pinned server).")
                : plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chainingKey);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_chainingKey);
        _ephemeral.Dispose();
    }

    private static Failure<ChannelError> Reject(ChannelError reason, string message) => new(reason, message);
}
