using System.Buffers;
using System.Numerics.Tensors;
using EId.Biometrics.Alignment;
using EId.Biometrics.Imaging;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Embedding;

/// <summary>
/// Embeds faces with an ONNX model: aligns each face to the ArcFace five-point template (least-squares similarity, bilinear),
/// runs the model and L2-normalises the output, so that cosine similarity is a dot product.
/// </summary>
/// <remarks>
/// One session per instance, reused by all threads. <see cref="Embed(IReadOnlyList{AlignedFaceRequest})"/> runs a batch in
/// one inference call when the model has a dynamic batch dimension (otherwise one call per face).
/// </remarks>
public sealed class OnnxFaceEmbedder : IFaceEmbedder, IDisposable
{
    private readonly OnnxModel _model;
    private readonly int _outputIndex;

    /// <summary>Loads a model file with a profile.</summary>
    /// <param name="modelPath">ONNX file.</param>
    /// <param name="profile">Input format and model id.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public OnnxFaceEmbedder(string modelPath, EmbedderProfile profile, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        _model = OnnxModel.Load(modelPath, intraOpThreads);

        // Multi-head models (FaceRes: age, gender, descriptor) carry the embedding in the widest output.
        var widths = _model.OutputDimensions.Select(d => d.Length == 0 ? 0 : d[^1]).ToArray();
        _outputIndex = Array.IndexOf(widths, widths.Max());
        Dimension = widths[_outputIndex];
    }

    /// <summary>The model's input format.</summary>
    public EmbedderProfile Profile { get; }

    /// <inheritdoc />
    public string ModelId => Profile.ModelId;

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>Whether a batch runs in one inference call.</summary>
    public bool SupportsBatch => _model.DynamicBatch;

    /// <inheritdoc />
    public FaceTemplate Embed(PixelBuffer image, FaceLandmarks fivePoints) => Embed([new AlignedFaceRequest(image, fivePoints)])[0];

    /// <summary>Embeds several faces (possibly from different images).</summary>
    /// <param name="faces">Images with five-point landmarks.</param>
    /// <returns>One template per face, in order.</returns>
    public IReadOnlyList<FaceTemplate> Embed(IReadOnlyList<AlignedFaceRequest> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var results = new FaceTemplate[faces.Count];
        var step = SupportsBatch ? Math.Max(1, faces.Count) : 1;
        for (var start = 0; start < faces.Count; start += step)
        {
            var n = Math.Min(step, faces.Count - start);
            RunBatch(faces, start, n, results);
        }

        return results;
    }

    private void RunBatch(IReadOnlyList<AlignedFaceRequest> faces, int start, int count, FaceTemplate[] results)
    {
        var spec = Profile.Input;
        var length = spec.Length * count;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var face = faces[start + i];
                var toSource = FaceAligner.CropToSource(face.FivePoints, spec.Width).ToMatrix();
                ImageSampler.Fill(face.Image, toSource, spec, buffer.AsSpan(i * spec.Length, spec.Length));
            }

            using var outputs = _model.Run(buffer.AsMemory(0, length), spec.Shape(count));
            var raw = outputs[_outputIndex].GetTensorDataAsSpan<float>();
            var d = raw.Length / count;
            for (var i = 0; i < count; i++)
            {
                var vector = raw.Slice(i * d, d).ToArray();
                var norm = TensorPrimitives.Norm(vector);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(vector, norm, vector);
                }

                results[start + i] = new FaceTemplate(ModelId, vector);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}

/// <summary>One face to embed: the image and its five alignment points.</summary>
/// <param name="Image">Source image.</param>
/// <param name="FivePoints">Five landmarks in ArcFace order.</param>
public readonly record struct AlignedFaceRequest(PixelBuffer Image, FaceLandmarks FivePoints);
