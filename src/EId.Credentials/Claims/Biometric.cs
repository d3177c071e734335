namespace EId.Credentials.Claims;

/// <summary>One biometric sample in a Claim 169 biometrics array (keys 50–65): data plus its format.</summary>
/// <param name="Data">The biometric bytes (key 0).</param>
/// <param name="Format">Data format (key 1): 0 image, 1 template, 2 sound, 3 bio hash.</param>
/// <param name="SubFormat">Data sub-format (key 2), e.g. image 1 JPEG, 4 WebP; 100–200 vendor specific.</param>
/// <param name="Issuer">Data issuer (key 3), e.g. the template's model.</param>
public sealed record Biometric(ReadOnlyMemory<byte> Data, int? Format, int? SubFormat, string? Issuer = null)
{
    /// <summary>Format 0: an image.</summary>
    public const int ImageFormat = 0;

    /// <summary>Format 1: a template.</summary>
    public const int TemplateFormat = 1;

    /// <summary>Image sub-format 0: PNG.</summary>
    public const int PngSubFormat = 0;

    /// <summary>Image sub-format 1: JPEG.</summary>
    public const int JpegSubFormat = 1;

    /// <summary>Image sub-format 2: JPEG 2000.</summary>
    public const int Jpeg2000SubFormat = 2;

    /// <summary>Image sub-format 4: WebP.</summary>
    public const int WebPSubFormat = 4;

    /// <summary>
    /// Template sub-format 101 (vendor range): an EId face template, int8-quantised L2-normalised
    /// vector (value / 127), with the embedding model id as <see cref="Issuer"/>.
    /// </summary>
    public const int EIdFaceTemplateSubFormat = 101;

    /// <summary>Never prints the biometric bytes.</summary>
    public override string ToString() => $"Biometric(format={Format}, sub={SubFormat}, {Data.Length} bytes)";
}
