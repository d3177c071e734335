namespace EId.Testing;

/// <summary>
/// Locates the project's shared data folder (<c>../shared</c> beside the checkout, or <c>EID_SHARED</c>).
/// Tests that need it call <see cref="Require"/>, which skips the test with a reason when it is absent.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    /// <summary>The shared folder, or null when absent.</summary>
    public static string? Root => LazyRoot.Value;

    /// <summary>The repository root (the folder holding EId.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The full path of <paramref name="relative"/> under the shared folder; skips the test when missing.</summary>
    public static string Require(string relative)
    {
        var root = Root;
        Assert.SkipWhen(root is null, "../shared is not present beside the checkout (set EID_SHARED to point at it).");
        var path = Path.Combine(root!, relative);
        Assert.SkipUnless(File.Exists(path) || Directory.Exists(path), $"../shared/{relative} is not present.");
        return path;
    }

    private static string? FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EID_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }

    private static string FindRepoRoot()
    {
        var fromBuild = typeof(SharedData).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "EId.RepoRoot")?.Value;
        if (fromBuild is not null && File.Exists(Path.Combine(fromBuild, "EId.sln")))
        {
            return Path.GetFullPath(fromBuild);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EId.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
