namespace EId.ModelImport.Catalog;

/// <summary>One model the package ships, with the input contract its callers must honour.</summary>
/// <param name="Name">File name without extension (matches <c>FaceModelNames</c>).</param>
/// <param name="Package">Source package.</param>
/// <param name="PathInPackage">Path inside the tarball (the .onnx, or the TF.js model.json).</param>
/// <param name="Kind">Copied or converted.</param>
/// <param name="Purpose">What the model does.</param>
/// <param name="Layout">Tensor layout at the model boundary (NCHW or NHWC).</param>
/// <param name="ChannelOrder">Channel order (RGB, BGR, grey).</param>
/// <param name="Normalisation">How pixel values are scaled.</param>
/// <param name="InputSize">Square input size in pixels (for fixture inputs).</param>
/// <param name="InputMin">Lowest input value after normalisation.</param>
/// <param name="InputMax">Highest input value after normalisation.</param>
public sealed record ModelSpec(
    string Name,
    NpmPackage Package,
    string PathInPackage,
    ModelSourceKind Kind,
    string Purpose,
    string Layout,
    string ChannelOrder,
    string Normalisation,
    int InputSize,
    float InputMin,
    float InputMax);
