using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;

namespace EId.Biometrics.Models.Tests;

/// <summary>
/// The one model cache this test was built against (<c>.cache/models</c> of the checkout), named by the
/// <see cref="ModelLocator.CacheDirectoryProperty"/> runtime property the repository's build writes into the
/// test's <c>runtimeconfig.json</c>. Nothing is copied into the test's output folder.
/// </summary>
internal static class BundledModels
{
    public static string Folder { get; } = FindFolder();

    public static ModelLocator Locator => new(Folder);

    public static readonly string[] AllNames =
    [
        FaceModelNames.FrDetect, FaceModelNames.FrLandmark, FaceModelNames.FrFeature, FaceModelNames.FrEye, FaceModelNames.FrPose,
        FaceModelNames.FrLiveness, FaceModelNames.BlazeFace, FaceModelNames.FaceMesh, FaceModelNames.Iris, FaceModelNames.FaceRes,
        FaceModelNames.MobileFace, FaceModelNames.AntiSpoof, FaceModelNames.Liveness,
    ];

    private static string FindFolder()
    {
        var configured = AppContext.GetData(ModelLocator.CacheDirectoryProperty) as string;
        Assert.False(string.IsNullOrEmpty(configured), $"{ModelLocator.CacheDirectoryProperty} is not in the test's runtimeconfig.json (Directory.Build.targets writes it)");
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured));
    }
}
