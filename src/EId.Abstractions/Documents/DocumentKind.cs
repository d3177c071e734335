namespace EId.Documents;

/// <summary>The kind of identity document a reader produced.</summary>
public enum DocumentKind
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>China second-generation resident identity card (GB 11643 number, read over GA 467).</summary>
    ResidentIdCard = 1,

    /// <summary>China foreigner's permanent residence identity card (GA 467 variant).</summary>
    ForeignPermanentResidenceCard = 2,

    /// <summary>ICAO 9303 TD3 machine-readable passport.</summary>
    Passport = 3,

    /// <summary>ICAO 9303 TD1 identity card (three lines of 30).</summary>
    IcaoTd1 = 4,

    /// <summary>ICAO 9303 TD2 document (two lines of 36).</summary>
    IcaoTd2 = 5,

    /// <summary>A temporary electronic ID issued by EId (a Claim 169 QR credential).</summary>
    TemporaryEId = 6,
}
