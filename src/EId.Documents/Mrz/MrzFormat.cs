namespace EId.Documents.Mrz;

/// <summary>The ICAO 9303 machine-readable travel document formats.</summary>
public enum MrzFormat
{
    /// <summary>TD1: identity card, three lines of 30 characters.</summary>
    Td1 = 1,

    /// <summary>TD2: two lines of 36 characters.</summary>
    Td2 = 2,

    /// <summary>TD3: passport, two lines of 44 characters.</summary>
    Td3 = 3,
}
