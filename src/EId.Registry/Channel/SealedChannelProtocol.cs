using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace EId.Registry.Channel;

/// <summary>
/// Wire layout and key schedule of the sealed channel, version 1 (a Noise-KK-like exchange in one round trip).
/// Request:  <c>version | 0x51 | clientKeyId[8] | messageId[16] | unixMs[8] | e[32] | ChaCha20-Poly1305(body)</c>,
/// keyed by HKDF over <c>DH(e, S)</c> then <c>DH(c, S)</c>: only the pinned client (c) can produce it, only the server (s) can read it.
/// Response: <c>version | 0x52 | requestId[16] | unixMs[8] | e'[32] | ChaCha20-Poly1305(body)</c>, keyed by the request's chaining key
/// mixed with <c>DH(e', e)</c> and <c>DH(e', c)</c>: only the client that sent that request can read it, only the server could seal it,
/// and the response has forward secrecy. Every key's HKDF info carries both static public keys, the direction and the headers;
/// the AEAD associated data is the header plus the route (method and path).
/// </summary>
internal static class SealedChannelProtocol
{
    public const byte Version = 1;
    public const byte RequestKind = 0x51;
    public const byte ResponseKind = 0x52;
    public const int KeyIdSize = 8;
    public const int MessageIdSize = 16;
    public const int TimestampSize = 8;
    public const int PublicKeySize = 32;
    public const int RequestHeaderSize = 2 + KeyIdSize + MessageIdSize + TimestampSize + PublicKeySize;
    public const int ResponseHeaderSize = 2 + MessageIdSize + TimestampSize + PublicKeySize;
    public const int TagSize = 16;
    private const int NonceSize = 12;
    private const int AeadKeySize = 32;

    private static readonly byte[] ProtocolSalt = SHA256.HashData("EId.Registry.SealedChannel.v1"u8);
    private static readonly byte[] RequestLabel = "EId.Registry.v1 request"u8.ToArray();
    private static readonly byte[] ResponseLabel = "EId.Registry.v1 response"u8.ToArray();

    private static HkdfSha256 Hkdf => KeyDerivationAlgorithm.HkdfSha256;

    public static byte[] KeyId(ReadOnlySpan<byte> publicKey) => SHA256.HashData(publicKey)[..KeyIdSize];

    public static void WriteTimestamp(Span<byte> destination, DateTimeOffset time) =>
        BinaryPrimitives.WriteInt64BigEndian(destination, time.ToUnixTimeMilliseconds());

    public static long ReadTimestamp(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadInt64BigEndian(source);

    /// <summary>The first chaining key of a request: HKDF-Extract(protocol salt, DH(e,S)) then HKDF-Extract(that, DH(c,S)).</summary>
    public static byte[]? RequestChainingKey(Key firstPrivate, PublicKey firstPublic, Key secondPrivate, PublicKey secondPublic) =>
        Mix(ProtocolSalt, firstPrivate, firstPublic) is { } first ? MixThenWipe(first, secondPrivate, secondPublic) : null;

    /// <summary>The response chaining key: the request chaining key mixed with DH(e',e) then DH(e',c).</summary>
    public static byte[]? ResponseChainingKey(byte[] requestChainingKey, Key firstPrivate, PublicKey firstPublic, Key secondPrivate, PublicKey secondPublic) =>
        Mix(requestChainingKey, firstPrivate, firstPublic) is { } first ? MixThenWipe(first, secondPrivate, secondPublic) : null;

    public static void SealRequest(byte[] chainingKey, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, ReadOnlySpan<byte> header, string route, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext) =>
        Seal(chainingKey, Info(RequestLabel, clientPublic, serverPublic, header, default), AssociatedData(header, route), plaintext, ciphertext);

    public static byte[]? OpenRequest(byte[] chainingKey, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, ReadOnlySpan<byte> header, string route, ReadOnlySpan<byte> ciphertext) =>
        Open(chainingKey, Info(RequestLabel, clientPublic, serverPublic, header, default), AssociatedData(header, route), ciphertext);

    public static void SealResponse(byte[] chainingKey, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, ReadOnlySpan<byte> requestHeader, ReadOnlySpan<byte> header, string route, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext) =>
        Seal(chainingKey, Info(ResponseLabel, clientPublic, serverPublic, requestHeader, header), AssociatedData(header, route), plaintext, ciphertext);

    public static byte[]? OpenResponse(byte[] chainingKey, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, ReadOnlySpan<byte> requestHeader, ReadOnlySpan<byte> header, string route, ReadOnlySpan<byte> ciphertext) =>
        Open(chainingKey, Info(ResponseLabel, clientPublic, serverPublic, requestHeader, header), AssociatedData(header, route), ciphertext);

    private static byte[]? Mix(byte[] chainingKey, Key privateKey, PublicKey publicKey)
    {
        try
        {
            using var shared = KeyAgreementAlgorithm.X25519.Agree(privateKey, publicKey);
            return shared is null ? null : Hkdf.Extract(shared, chainingKey);
        }
        catch (CryptographicException)
        {
            // A low-order public key gives an all-zero secret, which NSec refuses: treat as a bad seal.
            return null;
        }
    }

    private static byte[]? MixThenWipe(byte[] chainingKey, Key privateKey, PublicKey publicKey)
    {
        try
        {
            return Mix(chainingKey, privateKey, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chainingKey);
        }
    }

    private static byte[] Info(byte[] label, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, ReadOnlySpan<byte> requestHeader, ReadOnlySpan<byte> responseHeader)
    {
        var info = new byte[label.Length + clientPublic.Length + serverPublic.Length + requestHeader.Length + responseHeader.Length];
        var span = info.AsSpan();
        label.CopyTo(span);
        span = span[label.Length..];
        clientPublic.CopyTo(span);
        span = span[clientPublic.Length..];
        serverPublic.CopyTo(span);
        span = span[serverPublic.Length..];
        requestHeader.CopyTo(span);
        responseHeader.CopyTo(span[requestHeader.Length..]);
        return info;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string route)
    {
        var ad = new byte[header.Length + Encoding.UTF8.GetByteCount(route)];
        header.CopyTo(ad);
        Encoding.UTF8.GetBytes(route, ad.AsSpan(header.Length));
        return ad;
    }

    private static void Seal(byte[] chainingKey, byte[] info, byte[] associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        Span<byte> material = stackalloc byte[AeadKeySize + NonceSize];
        Hkdf.Expand(chainingKey, info, material);
        try
        {
            // The BCL cipher takes the key as bytes: no guarded key object per message (that costs far more than the cipher).
            using var aead = new System.Security.Cryptography.ChaCha20Poly1305(material[..AeadKeySize]);
            aead.Encrypt(material[AeadKeySize..], plaintext, ciphertext[..plaintext.Length], ciphertext.Slice(plaintext.Length, TagSize), associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static byte[]? Open(byte[] chainingKey, byte[] info, byte[] associatedData, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < TagSize)
        {
            return null;
        }

        Span<byte> material = stackalloc byte[AeadKeySize + NonceSize];
        Hkdf.Expand(chainingKey, info, material);
        try
        {
            using var aead = new System.Security.Cryptography.ChaCha20Poly1305(material[..AeadKeySize]);
            var plaintext = new byte[ciphertext.Length - TagSize];
            try
            {
                aead.Decrypt(material[AeadKeySize..], ciphertext[..plaintext.Length], ciphertext[plaintext.Length..], plaintext, associatedData);
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}
