namespace EId.Registry.Seeding;

/// <summary>Why a registry seed file could not be loaded.</summary>
public enum SeedError
{
    /// <summary>The seed file or a portrait file it names does not exist.</summary>
    FileNotFound = 1,

    /// <summary>The file is not the expected JSON.</summary>
    Malformed = 2,

    /// <summary>A citizen entry is invalid (missing number or name, bad date, status or base64).</summary>
    InvalidCitizen = 3,

    /// <summary>The registry refused the records.</summary>
    Rejected = 4,
}
