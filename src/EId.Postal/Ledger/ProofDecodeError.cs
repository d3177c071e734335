namespace EId.Postal.Ledger;

/// <summary>Why proof or tree-head bytes could not be decoded.</summary>
public enum ProofDecodeError
{
    /// <summary>The bytes end early, or bytes follow the last field.</summary>
    BadLength = 1,

    /// <summary>The format version or proof kind is unknown.</summary>
    UnknownFormat = 2,

    /// <summary>A size, index or count is out of range.</summary>
    BadValue = 3,
}
