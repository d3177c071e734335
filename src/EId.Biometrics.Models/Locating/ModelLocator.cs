namespace EId.Biometrics.Models;

/// <summary>
/// Finds model files. Search order: the folder given to the constructor, the <c>EID_MODELS_DIR</c>
/// environment variable, <c>models/</c> beside the application, then <c>.cache/models</c> in an
/// enclosing source checkout (for tools and tests run from the repository).
/// </summary>
public sealed class ModelLocator
{
    /// <summary>The environment variable that points at a models folder.</summary>
    public const string EnvironmentVariable = "EID_MODELS_DIR";

    private readonly IReadOnlyList<string> _folders;

    /// <summary>Creates a locator; <paramref name="directory"/>, when given, is searched first.</summary>
    public ModelLocator(string? directory = null)
    {
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            folders.Add(Path.GetFullPath(directory));
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            folders.Add(Path.GetFullPath(fromEnvironment));
        }

        folders.Add(Path.Combine(AppContext.BaseDirectory, "models"));
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var cache = Path.Combine(dir.FullName, ".cache", "models");
            if (Directory.Exists(cache))
            {
                folders.Add(cache);
                break;
            }
        }

        _folders = folders;
    }

    /// <summary>The folders searched, in order.</summary>
    public IReadOnlyList<string> Folders => _folders;

    /// <summary>The path of <paramref name="modelName"/> (e.g. <see cref="FaceModelNames.FrFeature"/>), if found.</summary>
    public bool TryGetPath(string modelName, out string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        foreach (var folder in _folders)
        {
            var candidate = Path.Combine(folder, modelName + ".onnx");
            if (File.Exists(candidate))
            {
                path = candidate;
                return true;
            }
        }

        path = string.Empty;
        return false;
    }

    /// <summary>The path of <paramref name="modelName"/>.</summary>
    /// <exception cref="ModelNotFoundException">No searched folder holds it.</exception>
    public string GetPath(string modelName) =>
        TryGetPath(modelName, out var path) ? path : throw new ModelNotFoundException(modelName, _folders);
}
