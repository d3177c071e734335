namespace EId.Issuance.Issuing;

/// <summary>Which portrait the live face is matched against.</summary>
public enum ReferencePortrait
{
    /// <summary>The registry's portrait (authoritative; the default).</summary>
    Registry = 1,

    /// <summary>The portrait read from the document (needs a decodable format, e.g. a WLT decoder on the reader).</summary>
    Document = 2,

    /// <summary>The registry's portrait, or the document's when the registry has none.</summary>
    RegistryThenDocument = 3,
}
