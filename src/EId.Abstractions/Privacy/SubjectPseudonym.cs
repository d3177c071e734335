using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EId.Privacy;

/// <summary>
/// Turns an identifier (an ID number) into a keyed pseudonym: HMAC-SHA256 under a secret key,
/// Base64url without padding. Equal identifiers give equal pseudonyms under the same key, so
/// stores can be queried by subject without holding the identifier itself.
/// </summary>
public sealed class SubjectPseudonym : IDisposable
{
    /// <summary>The minimum key length in bytes.</summary>
    public const int MinimumKeyLength = 32;

    private readonly byte[] _key;

    /// <summary>Creates a pseudonymiser for <paramref name="key"/> (at least 32 bytes; copied).</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeyLength"/>.</exception>
    public SubjectPseudonym(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The pseudonym key must be at least {MinimumKeyLength} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The pseudonym of <paramref name="identifier"/> (normalised: trimmed, upper-case invariant).</summary>
    public string Of(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var normalised = identifier.Trim().ToUpperInvariant();
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalised), mac);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>Clears the key from memory.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    /// <summary>Never prints the key.</summary>
    public override string ToString() => nameof(SubjectPseudonym);
}
