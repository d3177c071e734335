using EId.Biometrics.Models.Locating;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Biometrics.Models.Tests;

public sealed class ModelLocatorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("eid-models-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Missing_model_throws_naming_the_model_and_folders()
    {
        var e = Assert.Throws<ModelNotFoundException>(() => new ModelLocator(_folder.FullName).GetPath("no_such_model"));
        Assert.Equal("no_such_model", e.ModelName);
        Assert.Contains(_folder.FullName, e.Searched);
        Assert.Contains("no_such_model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_integrators_folder_is_searched_first_and_needs_no_manifest()
    {
        // Swapping in one's own model: same file name in a folder given to the locator.
        var own = Path.Combine(_folder.FullName, FaceModelNames.FrFeature + ".onnx");
        File.WriteAllBytes(own, [1, 2, 3]);
        var locator = new ModelLocator(_folder.FullName);
        Assert.Equal(own, locator.GetPath(FaceModelNames.FrFeature));
        Assert.Null(locator.GetManifestEntry(FaceModelNames.FrFeature));
        Assert.Equal(new byte[] { 1, 2, 3 }, locator.ReadVerified(FaceModelNames.FrFeature));

        // Models the folder does not hold still come from the bundled folder.
        Assert.StartsWith(BundledModels.Folder, new ModelLocator(_folder.FullName).GetPath(FaceModelNames.FrDetect), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_file_fails_verification()
    {
        foreach (var file in Directory.GetFiles(BundledModels.Folder))
        {
            File.Copy(file, Path.Combine(_folder.FullName, Path.GetFileName(file)));
        }

        var target = Path.Combine(_folder.FullName, FaceModelNames.FrEye + ".onnx");
        var bytes = File.ReadAllBytes(target);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(target, bytes);

        var e = Assert.Throws<ModelIntegrityException>(() => new ModelLocator(_folder.FullName).ReadVerified(FaceModelNames.FrEye));
        Assert.Equal(FaceModelNames.FrEye, e.ModelName);
        Assert.NotEqual(e.ExpectedSha256, e.ActualSha256);
        Assert.NotEmpty(new ModelLocator(_folder.FullName).ReadVerified(FaceModelNames.FrDetect));
    }

    [Fact]
    public void Dependency_injection_registers_a_locator_with_the_configured_folder()
    {
        using var provider = new ServiceCollection()
            .AddEIdBiometricsModels(o => o.Directory = _folder.FullName)
            .BuildServiceProvider();
        var locator = provider.GetRequiredService<ModelLocator>();
        Assert.Equal(_folder.FullName, locator.Folders[0]);
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
        var elsewhere = new ModelLocator(null, null, _folder.FullName, BundledModels.Folder);
        Assert.Equal(Path.Combine(BundledModels.Folder, FaceModelNames.FrDetect + ".onnx"), elsewhere.GetPath(FaceModelNames.FrDetect));
        Assert.Throws<ModelNotFoundException>(() => new ModelLocator(null, null, _folder.FullName, null).GetPath(FaceModelNames.FrDetect));
    }

    [Fact]
    public void Search_order_is_directory_environment_beside_the_app_then_the_model_cache()
    {
        var own = Directory.CreateDirectory(Path.Combine(_folder.FullName, "own")).FullName;
        var fromEnvironment = Directory.CreateDirectory(Path.Combine(_folder.FullName, "env")).FullName;
        var beside = Path.Combine(_folder.FullName, "models");
        var locator = new ModelLocator(own, fromEnvironment, _folder.FullName, BundledModels.Folder);
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
