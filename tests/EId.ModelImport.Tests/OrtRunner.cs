using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EId.ModelImport.Tests;

/// <summary>Runs an ONNX model once, single-threaded, and returns every output by name.</summary>
internal static class OrtRunner
{
    public static Dictionary<string, (int[] Shape, float[] Values)> Run(byte[] model, string inputName, float[] input, int[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(input, shape))]);
        return results.ToDictionary(r => r.Name, r =>
        {
            var t = r.AsTensor<float>();
            return (t.Dimensions.ToArray(), t.ToArray());
        });
    }
}
