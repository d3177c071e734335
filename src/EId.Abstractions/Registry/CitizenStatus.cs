namespace EId.Registry;

/// <summary>Status of a citizen record in the identity registry.</summary>
public enum CitizenStatus
{
    /// <summary>The identity is valid and the card in use.</summary>
    Valid = 1,

    /// <summary>The card was reported lost.</summary>
    CardLost = 2,

    /// <summary>The card was reported stolen.</summary>
    CardStolen = 3,

    /// <summary>The person is deceased.</summary>
    Deceased = 4,

    /// <summary>The identity is cancelled (e.g. emigrated, duplicate).</summary>
    Cancelled = 5,
}
