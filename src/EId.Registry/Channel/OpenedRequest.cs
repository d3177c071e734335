using System.Security.Cryptography;
using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>An authentic, fresh request and the state to seal its one response.</summary>
public sealed class OpenedRequest : IDisposable
{
    private readonly byte[] _chainingKey;
    private readonly byte[] _requestHeader;
    private readonly byte[] _clientPublic;
    private readonly ReadOnlyMemory<byte> _serverPublic;
    private readonly PublicKey _clientEphemeral;
    private readonly string _route;
    private readonly TimeProvider _timeProvider;
    private readonly PublicKey _clientStatic;
    private bool _disposed;

    internal OpenedRequest(byte[] plaintext, byte[] chainingKey, byte[] requestHeader, byte[] clientPublic, ReadOnlyMemory<byte> serverPublic, PublicKey clientEphemeral, string route, TimeProvider timeProvider)
    {
        Plaintext = plaintext;
        _chainingKey = chainingKey;
        _requestHeader = requestHeader;
        _clientPublic = clientPublic;
        _serverPublic = serverPublic;
        _clientEphemeral = clientEphemeral;
        _route = route;
        _timeProvider = timeProvider;
        _clientStatic = PublicKey.Import(KeyAgreementAlgorithm.X25519, clientPublic, KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The request body.</summary>
    public byte[] Plaintext { get; }

    /// <summary>The calling client's key id (hex of the first 8 bytes of SHA-256 of its public key), safe for logs.</summary>
    public string ClientKeyId => Convert.ToHexStringLower(_requestHeader.AsSpan(2, SealedChannelProtocol.KeyIdSize));

    /// <summary>The request's message id.</summary>
    public ReadOnlyMemory<byte> MessageId => _requestHeader.AsMemory(2 + SealedChannelProtocol.KeyIdSize, SealedChannelProtocol.MessageIdSize);

    /// <summary>Seals the response with a fresh server ephemeral key, readable only by the client that sent this request.</summary>
    /// <exception cref="ObjectDisposedException">Already disposed.</exception>
    public byte[] SealResponse(ReadOnlySpan<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
        var wire = new byte[SealedChannelProtocol.ResponseHeaderSize + plaintext.Length + SealedChannelProtocol.TagSize];
        var header = wire.AsSpan(0, SealedChannelProtocol.ResponseHeaderSize);
        header[0] = SealedChannelProtocol.Version;
        header[1] = SealedChannelProtocol.ResponseKind;
        MessageId.Span.CopyTo(header[2..]);
        SealedChannelProtocol.WriteTimestamp(header.Slice(2 + SealedChannelProtocol.MessageIdSize), _timeProvider.GetUtcNow());
        ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(header[^SealedChannelProtocol.PublicKeySize..]);
        var chainingKey = SealedChannelProtocol.ResponseChainingKey(_chainingKey, ephemeral, _clientEphemeral, ephemeral, _clientStatic)
            ?? throw new CryptographicException("Key agreement for the response failed.");
        try
        {
            SealedChannelProtocol.SealResponse(chainingKey, _clientPublic, _serverPublic.Span, _requestHeader, header, _route, plaintext, wire.AsSpan(SealedChannelProtocol.ResponseHeaderSize));
            return wire;
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
        CryptographicOperations.ZeroMemory(Plaintext);
    }
}
