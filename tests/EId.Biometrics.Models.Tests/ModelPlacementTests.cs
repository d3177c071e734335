using EId.Biometrics.Models.Manifest;

namespace EId.Biometrics.Models.Tests;

/// <summary>
/// The repository build keeps the models in one place (issue 18 item 11): no output folder gets a copy (the locator
/// finds them in the checkout's model cache from a bin folder that has none: <see cref="ModelLocatorTests"/>).
/// </summary>
public sealed class ModelPlacementTests
{
    [Fact]
    public void No_model_file_is_copied_into_any_output_folder()
    {
        // artifacts/bin/<project>/<configuration>/: check this test's own folder and every sibling project's
        // (test, benchmark, example and tool bins of the same build).
        var own = new DirectoryInfo(AppContext.BaseDirectory);
        var bin = own.Parent?.Parent is { Name: "bin" } root ? root : own;
        var copies = bin.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Extension == ".onnx" || (f.Name == ModelManifest.FileName && f.Directory?.Name == "models"))
            .Select(f => Path.GetRelativePath(bin.FullName, f.FullName))
            .ToList();
        Assert.True(copies.Count == 0, $"model files in output folders under {bin.FullName}: {string.Join(", ", copies.Take(20))}");
        var beside = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "models"));
        Assert.False(beside.Exists && beside.EnumerateFileSystemInfos().Any(), $"this test's output folder has files in {beside.FullName}");
    }
}
