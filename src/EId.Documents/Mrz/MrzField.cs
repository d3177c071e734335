namespace EId.Documents.Mrz;

/// <summary>The MRZ fields protected by a check digit.</summary>
public enum MrzField
{
    /// <summary>The document number (including a TD1/TD2 long-number overflow).</summary>
    DocumentNumber = 1,

    /// <summary>The date of birth.</summary>
    BirthDate = 2,

    /// <summary>The date of expiry.</summary>
    ExpiryDate = 3,

    /// <summary>The TD3 personal number (optional data).</summary>
    PersonalNumber = 4,

    /// <summary>The composite check digit over the other protected fields.</summary>
    Composite = 5,
}
