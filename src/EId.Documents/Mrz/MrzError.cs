namespace EId.Documents.Mrz;

/// <summary>Why machine-readable-zone text was rejected.</summary>
public enum MrzError
{
    /// <summary>Wrong number of lines or a line of the wrong length for TD1 (3×30), TD2 (2×36) or TD3 (2×44).</summary>
    BadLength = 1,

    /// <summary>A character outside the OCR-B MRZ set (<c>A–Z</c>, <c>0–9</c>, <c>&lt;</c>), or a letter where a digit must be.</summary>
    BadCharacter = 2,

    /// <summary>A check digit does not match; the message names the field (<see cref="MrzField"/>).</summary>
    BadCheckDigit = 3,

    /// <summary>A date field is not a calendar date (or a birth date lies in the future).</summary>
    BadDate = 4,

    /// <summary>The sex field is not <c>M</c>, <c>F</c>, <c>X</c> or <c>&lt;</c>.</summary>
    BadSex = 5,

    /// <summary>The document code does not fit the format (e.g. a TD3 line that does not start with <c>P</c>).</summary>
    BadDocumentCode = 6,
}
