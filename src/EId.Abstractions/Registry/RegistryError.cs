namespace EId.Registry;

/// <summary>Why a registry call did not give an answer about the person.</summary>
public enum RegistryError
{
    /// <summary>No citizen has this number.</summary>
    NotFound = 1,

    /// <summary>The registry could not be reached in time (after retries).</summary>
    Unavailable = 2,

    /// <summary>The secure channel failed (bad key, bad seal, replay).</summary>
    ChannelRejected = 3,

    /// <summary>The request was malformed.</summary>
    BadRequest = 4,

    /// <summary>The write conflicted with an existing record (e.g. serial already recorded).</summary>
    Conflict = 5,
}
