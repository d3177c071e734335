namespace EId.Credentials.Rendering;

/// <summary>QR error-correction level (ISO/IEC 18004): share of damaged codewords that can be recovered.</summary>
public enum QrErrorCorrection
{
    /// <summary>About 7%.</summary>
    L = 0,

    /// <summary>About 15% (EId's default for printed and on-screen credentials).</summary>
    M = 1,

    /// <summary>About 25%.</summary>
    Q = 2,

    /// <summary>About 30%.</summary>
    H = 3,
}
