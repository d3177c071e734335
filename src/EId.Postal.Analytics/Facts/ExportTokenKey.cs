using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using EId.Privacy;

namespace EId.Postal.Analytics.Facts;

/// <summary>
/// Derives a sender's export token from the ledger's sender token: HMAC-SHA256 under the export key over a
/// domain label and the ledger token, first 16 bytes, Base64url. Without the export key the token cannot be
/// matched to the ledger's token (nor to another export's), while one sender's parcels still group together.
/// </summary>
public sealed class ExportTokenKey : IDisposable
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("EId.Postal.Analytics.ExportToken.v1\0");
    private readonly byte[] _key;

    /// <summary>Creates the key holder (at least 32 bytes; copied).</summary>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes.</exception>
    public ExportTokenKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < SubjectPseudonym.MinimumKeyLength)
        {
            throw new ArgumentException($"The export token key must be at least {SubjectPseudonym.MinimumKeyLength} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The export token of a ledger sender token (case-sensitive: ledger tokens are Base64url).</summary>
    public string TokenOf(string ledgerSenderToken)
    {
        ArgumentNullException.ThrowIfNull(ledgerSenderToken);
        var tokenBytes = Encoding.UTF8.GetBytes(ledgerSenderToken);
        var input = new byte[Label.Length + tokenBytes.Length];
        Label.CopyTo(input, 0);
        tokenBytes.CopyTo(input, Label.Length);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input, mac);
        return Base64Url.EncodeToString(mac[..16]);
    }

    /// <summary>Clears the key from memory.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    /// <summary>Never prints the key.</summary>
    public override string ToString() => nameof(ExportTokenKey);
}
