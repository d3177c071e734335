using EId.Biometrics.Models.Locating;

namespace EId.Biometrics.Models.Manifest;

/// <summary>One model in the manifest: file, checksum, provenance and input/output contract.</summary>
/// <param name="Name">Model name (see <see cref="FaceModelNames"/>).</param>
/// <param name="File">File name in the models folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Kind"><c>copied</c> (ONNX from the package) or <c>converted</c> (from TF.js by EId.ModelImport).</param>
/// <param name="Purpose">What the model does.</param>
/// <param name="Source">Provenance.</param>
/// <param name="Layout">Tensor layout at the boundary, e.g. <c>NCHW 1×3×112×112</c>.</param>
/// <param name="ChannelOrder">Channel order (RGB, BGR, grey).</param>
/// <param name="Normalisation">Pixel scaling the model expects.</param>
/// <param name="Inputs">Inputs.</param>
/// <param name="Outputs">Outputs (shapes measured by running the model once).</param>
public sealed record ModelManifestEntry(
    string Name,
    string File,
    string Sha256,
    long Bytes,
    string Kind,
    string Purpose,
    ModelSource Source,
    string Layout,
    string ChannelOrder,
    string Normalisation,
    IReadOnlyList<ModelTensor> Inputs,
    IReadOnlyList<ModelTensor> Outputs)
{
    /// <summary>For converted models, how many TF.js nodes used each op.</summary>
    public IReadOnlyDictionary<string, int>? OpHistogram { get; init; }
}
