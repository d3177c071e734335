namespace EId.Biometrics.Models.Manifest;

/// <summary>Why a manifest could not be read.</summary>
public enum ManifestError
{
    /// <summary>The file is not JSON.</summary>
    MalformedJson,

    /// <summary>The JSON lacks required fields or has the wrong types.</summary>
    MissingField,

    /// <summary>The manifest schema version is not one this package reads.</summary>
    UnsupportedSchema,
}
