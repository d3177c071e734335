namespace EId.Postal.Verdicts;

/// <summary>Signed verdicts: the identity server's signing key and lifetime, and the postal server's trust list and freshness window.</summary>
public sealed class VerdictOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "EId:Verdicts";

    /// <summary>Identity server: the id of its signing key (1 to 64 characters).</summary>
    public string KeyId { get; set; } = "identity-server-1";

    /// <summary>Identity server: its raw 32-byte Ed25519 signing key; null on a postal server.</summary>
    public byte[]? SigningKey { get; set; }

    /// <summary>Identity server: how long a verdict may be used after it is issued.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Postal server: trusted identity-server keys, key id → base64 raw Ed25519 public key.</summary>
    public Dictionary<string, string> TrustedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Postal server: the oldest verdict accepted, whatever its own expiry says.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Postal server: how far in the future an issue time may lie (clock difference between the hosts).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
