namespace EId.Documents;

/// <summary>Gender as recorded on a document; values match Claim 169 (1 male, 2 female, 3 other).</summary>
public enum Gender
{
    /// <summary>Not stated or not known.</summary>
    Unspecified = 0,

    /// <summary>Male.</summary>
    Male = 1,

    /// <summary>Female.</summary>
    Female = 2,

    /// <summary>Other or non-binary (MRZ "X").</summary>
    Other = 3,
}
