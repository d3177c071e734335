using System.Text.Json;

namespace EId.Biometrics.Models.Manifest;

/// <summary>
/// The provenance manifest (<c>manifest.json</c>) written beside the models by EId.ModelImport:
/// every model's SHA-256, source package, declared licence and input/output contract.
/// </summary>
/// <param name="Schema">Manifest schema version (1).</param>
/// <param name="ImporterVersion">Version of the importer that wrote the files.</param>
/// <param name="Note">Free-text note (licences are the packages' declarations; training data not stated).</param>
/// <param name="Models">The models.</param>
public sealed record ModelManifest(int Schema, string ImporterVersion, string Note, IReadOnlyList<ModelManifestEntry> Models)
{
    /// <summary>The manifest's file name in a models folder.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The entry for <paramref name="modelName"/>, or null.</summary>
    public ModelManifestEntry? Find(string modelName) => Models.FirstOrDefault(m => m.Name == modelName);

    /// <summary>Parses manifest JSON; malformed input gives a typed error, never an exception.</summary>
    public static Result<ModelManifest, Failure<ManifestError>> Parse(ReadOnlySpan<byte> json)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Json);
        }
        catch (JsonException e)
        {
            return new Failure<ManifestError>(ManifestError.MalformedJson, $"Manifest is not valid JSON ({e.Message}).");
        }
        catch (NotSupportedException e)
        {
            return new Failure<ManifestError>(ManifestError.MalformedJson, $"Manifest has an unexpected structure ({e.Message}).");
        }

        if (manifest is null || manifest.Models is null || manifest.ImporterVersion is null)
        {
            return new Failure<ManifestError>(ManifestError.MissingField, "Manifest lacks importerVersion or models.");
        }

        if (manifest.Schema != 1)
        {
            return new Failure<ManifestError>(ManifestError.UnsupportedSchema, $"Manifest schema {manifest.Schema} is not supported (expected 1).");
        }

        foreach (var m in manifest.Models)
        {
            if (m is null || string.IsNullOrEmpty(m.Name) || string.IsNullOrEmpty(m.File) || string.IsNullOrEmpty(m.Sha256)
                || m.Source is null || m.Inputs is null || m.Outputs is null || m.Inputs.Any(t => t?.Name is null || t.Shape is null)
                || m.Outputs.Any(t => t?.Name is null || t.Shape is null))
            {
                return new Failure<ManifestError>(ManifestError.MissingField, "A manifest entry lacks name, file, sha256, source, inputs or outputs.");
            }

            // File names must stay inside the models folder.
            if (m.File.IndexOfAny(['/', '\\']) >= 0 || m.File.Contains("..", StringComparison.Ordinal))
            {
                return new Failure<ManifestError>(ManifestError.MissingField, $"Manifest entry '{m.Name}' has a file name with a path.");
            }
        }

        return manifest with { Note = manifest.Note ?? string.Empty };
    }
}
