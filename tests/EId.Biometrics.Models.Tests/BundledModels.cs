using EId.Biometrics.Models;

namespace EId.Biometrics.Models.Tests;

/// <summary>The models copied into this test's output <c>models/</c> folder by the package's build target.</summary>
internal static class BundledModels
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "models");

    public static ModelLocator Locator => new(Folder);

    public static readonly string[] AllNames =
    [
        FaceModelNames.FrDetect, FaceModelNames.FrLandmark, FaceModelNames.FrFeature, FaceModelNames.FrEye, FaceModelNames.FrPose,
        FaceModelNames.FrLiveness, FaceModelNames.BlazeFace, FaceModelNames.FaceMesh, FaceModelNames.Iris, FaceModelNames.FaceRes,
        FaceModelNames.MobileFace, FaceModelNames.AntiSpoof, FaceModelNames.Liveness,
    ];
}
