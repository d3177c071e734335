namespace EId.Documents.CitizenIds;

/// <summary>Why a GB 11643 citizen identity number was rejected.</summary>
public enum CitizenIdError
{
    /// <summary>Empty, or not 18 characters (15 for the legacy form).</summary>
    BadLength = 1,

    /// <summary>A character other than a digit (or a final <c>X</c>).</summary>
    BadCharacter = 2,

    /// <summary>The ISO 7064 MOD 11-2 check character does not match.</summary>
    BadChecksum = 3,

    /// <summary>The birth date is not a calendar date, is implausibly old, or lies in the future.</summary>
    BadBirthDate = 4,

    /// <summary>The administrative-division (region) prefix is not a plausible province code.</summary>
    BadRegion = 5,
}
