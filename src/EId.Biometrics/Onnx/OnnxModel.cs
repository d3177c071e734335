using Microsoft.ML.OnnxRuntime;

namespace EId.Biometrics.Onnx;

/// <summary>
/// One ONNX Runtime session per model file, shared by all threads (<see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> is thread-safe).
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly RunOptions _runOptions = new();

    private OnnxModel(InferenceSession session, string path)
    {
        _session = session;
        Path = path;
        var input = session.InputMetadata.First();
        _inputNames = [input.Key];
        InputDimensions = input.Value.Dimensions;
        OutputNames = [.. session.OutputMetadata.Keys];
        OutputDimensions = [.. session.OutputMetadata.Values.Select(v => v.Dimensions)];
    }

    public string Path { get; }

    /// <summary>Input dimensions as declared by the model (−1 for symbolic dimensions).</summary>
    public IReadOnlyList<int> InputDimensions { get; }

    public IReadOnlyList<string> OutputNames { get; }

    public IReadOnlyList<int[]> OutputDimensions { get; }

    /// <summary>Whether the model accepts more than one image per run.</summary>
    public bool DynamicBatch => InputDimensions.Count > 0 && InputDimensions[0] != 1;

    /// <exception cref="OnnxRuntimeException">The file is not a loadable ONNX model.</exception>
    public static OnnxModel Load(string path, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        options.InterOpNumThreads = 1;
        return new OnnxModel(new InferenceSession(path, options), path);
    }

    /// <summary>Runs the model on one input tensor; the caller disposes the outputs.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(Memory<float> input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
        return _session.Run(_runOptions, _inputNames, [value], OutputNames);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
