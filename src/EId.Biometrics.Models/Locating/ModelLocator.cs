using System.Security.Cryptography;
using EId.Biometrics.Models.Manifest;

namespace EId.Biometrics.Models.Locating;

/// <summary>
/// Finds model files. Search order:
/// <list type="number">
/// <item>the folder given to the constructor (<see cref="FaceModelOptions.Directory"/>);</item>
/// <item>the <c>EID_MODELS_DIR</c> environment variable;</item>
/// <item><c>models/</c> beside the application (where the <c>EId.Biometrics.Models</c> package and
/// <c>dotnet publish</c> put the files);</item>
/// <item>the model cache of the source checkout the app was built in: the folder named by the
/// <see cref="CacheDirectoryProperty"/> runtime property (the repository's build writes it into every app's
/// <c>runtimeconfig.json</c>), then <c>.cache/models</c> in a folder enclosing the application.</item>
/// </list>
/// A folder may hold a <c>manifest.json</c> (<see cref="ModelManifest"/>); when it lists a model,
/// <see cref="ReadVerified"/> checks the file's SHA-256 against it. Integrators swap in their own
/// models by putting files with the same names in the constructor's folder or <c>EID_MODELS_DIR</c>.
/// </summary>
public sealed class ModelLocator
{
    /// <summary>The environment variable that points at a models folder.</summary>
    public const string EnvironmentVariable = "EID_MODELS_DIR";

    /// <summary>
    /// The runtime property (<c>AppContext.GetData</c>, set by a <c>RuntimeHostConfigurationOption</c> in
    /// <c>runtimeconfig.json</c>) that names a checkout's model cache, searched after <c>models/</c> beside the app.
    /// </summary>
    public const string CacheDirectoryProperty = "EId.Biometrics.Models.CacheDirectory";

    private readonly IReadOnlyList<string> _folders;

    /// <summary>Creates a locator; <paramref name="directory"/>, when given, is searched first.</summary>
    public ModelLocator(string? directory = null)
        : this(directory, Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, AppContext.GetData(CacheDirectoryProperty) as string)
    {
    }

    /// <summary>The search order of the public constructor, with the process's inputs passed in (for tests).</summary>
    internal ModelLocator(string? directory, string? fromEnvironment, string appDirectory, string? buildCache)
    {
        var folders = new List<string>();
        void Add(string? folder)
        {
            if (string.IsNullOrEmpty(folder))
            {
                return;
            }

            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            if (!folders.Contains(full, StringComparer.Ordinal))
            {
                folders.Add(full);
            }
        }

        Add(directory);
        Add(fromEnvironment);
        Add(Path.Combine(appDirectory, "models"));
        if (!string.IsNullOrEmpty(buildCache) && Directory.Exists(buildCache))
        {
            Add(buildCache);
        }

        for (var dir = new DirectoryInfo(appDirectory); dir is not null; dir = dir.Parent)
        {
            var cache = Path.Combine(dir.FullName, ".cache", "models");
            if (Directory.Exists(cache))
            {
                Add(cache);
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

    /// <summary>
    /// For each of <paramref name="modelNames"/> that no searched folder holds, a message naming the model and the folders
    /// searched, in order (what <see cref="GetPath"/> would throw); empty when all are found.
    /// </summary>
    /// <param name="modelNames">The models needed.</param>
    /// <returns>One message per missing model.</returns>
    public IReadOnlyList<string> DescribeMissing(IEnumerable<string> modelNames)
    {
        ArgumentNullException.ThrowIfNull(modelNames);
        return [.. modelNames.Where(n => !TryGetPath(n, out _)).Select(n => new ModelNotFoundException(n, _folders).Message)];
    }

    /// <summary>The path of <paramref name="modelName"/>.</summary>
    /// <exception cref="ModelNotFoundException">No searched folder holds it.</exception>
    public string GetPath(string modelName) =>
        TryGetPath(modelName, out var path) ? path : throw new ModelNotFoundException(modelName, _folders);

    /// <summary>The manifest of the first searched folder that has one, or null when none does.</summary>
    /// <exception cref="InvalidDataException">A manifest exists but cannot be read.</exception>
    public ModelManifest? FindManifest()
    {
        foreach (var folder in _folders)
        {
            if (ReadManifest(folder) is { } manifest)
            {
                return manifest;
            }
        }

        return null;
    }

    /// <summary>
    /// The manifest entry for <paramref name="modelName"/> from the manifest in the folder where the
    /// model file was found; null when that folder has no manifest or it does not list the model
    /// (e.g. an integrator's own model).
    /// </summary>
    /// <exception cref="ModelNotFoundException">No searched folder holds the model.</exception>
    /// <exception cref="InvalidDataException">The folder's manifest cannot be read.</exception>
    public ModelManifestEntry? GetManifestEntry(string modelName)
    {
        var path = GetPath(modelName);
        return ReadManifest(Path.GetDirectoryName(path)!)?.Find(modelName);
    }

    /// <summary>
    /// The model's bytes (for <c>new InferenceSession(bytes)</c>), checked against the SHA-256 in
    /// the manifest beside it when that manifest lists the model.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No searched folder holds the model.</exception>
    /// <exception cref="ModelIntegrityException">The file's SHA-256 differs from the manifest's.</exception>
    /// <exception cref="InvalidDataException">The folder's manifest cannot be read.</exception>
    public byte[] ReadVerified(string modelName)
    {
        var path = GetPath(modelName);
        var bytes = File.ReadAllBytes(path);
        var entry = ReadManifest(Path.GetDirectoryName(path)!)?.Find(modelName);
        if (entry is not null)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelIntegrityException(modelName, path, entry.Sha256, actual);
            }
        }

        return bytes;
    }

    private static ModelManifest? ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ModelManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var parsed = ModelManifest.Parse(File.ReadAllBytes(path));
        return parsed.TryGetValue(out var manifest, out var error)
            ? manifest
            : throw new InvalidDataException($"{path} cannot be read: {error}");
    }
}
