namespace EId.Biometrics.Models.Tests;

/// <summary>
/// The repository build keeps the models in one place (issue 18 item 11): no output folder gets a copy, and the
/// locator finds them in the checkout's model cache from a bin folder that has none.
/// </summary>
public sealed class ModelPlacementTests : IDisposable
{
    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("eid-app-");

    public void Dispose() => _app.Delete(recursive: true);

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

    [Fact]
    public void The_locator_finds_the_models_from_a_bin_folder_without_copies()
    {
        // This test's own bin folder: no models/ beside it, so every model comes from the model cache.
        var locator = new ModelLocator();
        foreach (var name in BundledModels.AllNames)
        {
            Assert.Equal(Path.Combine(BundledModels.Folder, name + ".onnx"), locator.GetPath(name));
        }

        Assert.NotEmpty(locator.ReadVerified(FaceModelNames.FrFeature)); // checked against the cache's manifest
        Assert.NotNull(locator.FindManifest());

        // A bin folder outside any checkout (no enclosing .cache/models): the runtime property alone finds them.
        var elsewhere = new ModelLocator(null, null, _app.FullName, BundledModels.Folder);
        Assert.Equal(Path.Combine(BundledModels.Folder, FaceModelNames.FrDetect + ".onnx"), elsewhere.GetPath(FaceModelNames.FrDetect));
        Assert.Throws<ModelNotFoundException>(() => new ModelLocator(null, null, _app.FullName, null).GetPath(FaceModelNames.FrDetect));
    }

    [Fact]
    public void Search_order_is_directory_environment_beside_the_app_then_the_model_cache()
    {
        var own = Directory.CreateDirectory(Path.Combine(_app.FullName, "own")).FullName;
        var fromEnvironment = Directory.CreateDirectory(Path.Combine(_app.FullName, "env")).FullName;
        var beside = Path.Combine(_app.FullName, "models");
        var locator = new ModelLocator(own, fromEnvironment, _app.FullName, BundledModels.Folder);
        Assert.Equal(new[] { own, fromEnvironment, beside, BundledModels.Folder }, locator.Folders);

        // models/ beside the app (a package consumer or a published app) wins over the cache...
        Directory.CreateDirectory(beside);
        var copy = Path.Combine(beside, FaceModelNames.FrEye + ".onnx");
        File.Copy(Path.Combine(BundledModels.Folder, FaceModelNames.FrEye + ".onnx"), copy);
        Assert.Equal(copy, locator.GetPath(FaceModelNames.FrEye));

        // ...and EID_MODELS_DIR wins over models/ beside the app.
        var overridden = Path.Combine(fromEnvironment, FaceModelNames.FrEye + ".onnx");
        File.WriteAllBytes(overridden, [1, 2, 3]);
        Assert.Equal(overridden, locator.GetPath(FaceModelNames.FrEye));
        Assert.Equal(Path.Combine(BundledModels.Folder, FaceModelNames.FrDetect + ".onnx"), locator.GetPath(FaceModelNames.FrDetect));
    }
}
