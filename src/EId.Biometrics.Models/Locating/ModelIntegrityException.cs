namespace EId.Biometrics.Models.Locating;

/// <summary>Thrown when a model file's SHA-256 differs from its manifest entry (a corrupted or swapped file).</summary>
public sealed class ModelIntegrityException : IOException
{
    /// <summary>Creates the exception for <paramref name="modelName"/>.</summary>
    public ModelIntegrityException(string modelName, string path, string expectedSha256, string actualSha256)
        : base($"Model '{modelName}' at {path} has SHA-256 {actualSha256}, but the manifest beside it says {expectedSha256}. " +
               "Rebuild EId.Biometrics.Models to re-import it, or remove the entry from manifest.json if you replaced the file on purpose.")
    {
        ModelName = modelName;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary>SHA-256 recorded in the manifest.</summary>
    public string ExpectedSha256 { get; }

    /// <summary>SHA-256 of the file found.</summary>
    public string ActualSha256 { get; }
}
