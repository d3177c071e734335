namespace EId.Credentials.Issuing;

/// <summary>Options for <see cref="Claim169Issuer"/>.</summary>
public sealed class CredentialIssuerOptions
{
    /// <summary>The issuer URI written as CWT iss (required).</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Claim 169 key 23 (country of issuance), if set.</summary>
    public string? CountryOfIssuance { get; set; }

    /// <summary>The status list URI written into credentials; null omits the status claim.</summary>
    public string? StatusListUri { get; set; }

    /// <summary>
    /// Largest face image carried as is; larger ones are down-scaled to a WebP thumbnail. Default 800 bytes: a 64 px face
    /// crop fits in it (see <see cref="FaceThumbnailSize"/>).
    /// </summary>
    public int MaxFaceBytes { get; set; } = 800;

    /// <summary>
    /// Longest side of the generated face thumbnail, in pixels. Default 64: on 120 shared photos a 64 px face crop
    /// (≤ 800 B WebP) matched the live photo at TAR 0.977 at FMR 1e-3, a 48 px crop (≤ 480 B) at 0.772, and the old 48 px
    /// shrink of the whole image at 0.523 (no face found in 43 of them).
    /// </summary>
    public int FaceThumbnailSize { get; set; } = 64;

    /// <summary>Serial (cti) length in bytes.</summary>
    public int SerialBytes { get; set; } = 16;

    /// <summary>Longest validity a request may ask for.</summary>
    public TimeSpan MaxValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Optional AES-256 key (32 bytes): when set, credentials are wrapped in COSE_Encrypt0.</summary>
    public ReadOnlyMemory<byte>? EncryptionKey { get; set; }
}
