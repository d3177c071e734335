using System.Text.Json;

namespace EId.ModelImport.Tests;

/// <summary>Golden outputs written by tools/golden/golden.js (TensorFlow.js, pure-JS CPU backend).</summary>
internal static class GoldenFixture
{
    private static readonly Lazy<JsonDocument> LazyDocument = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden.json"))));

    public static JsonElement Root => LazyDocument.Value.RootElement;

    public static JsonElement Model(string name) => Root.GetProperty("models").GetProperty(name);

    /// <summary>
    /// The largest scaled error between ONNX Runtime's outputs and the golden summary: per output,
    /// |ort − tfjs| over the strided samples and the mean difference of the sums, each divided by
    /// max(1, max|tfjs|). Throws (test failure) when an output is missing or its shape differs.
    /// </summary>
    public static double ScaledError(JsonElement goldenOutputs, IReadOnlyDictionary<string, (int[] Shape, float[] Values)> actual, TextWriter? report = null)
    {
        var worst = 0.0;
        foreach (var output in goldenOutputs.EnumerateObject())
        {
            Assert.True(actual.TryGetValue(output.Name, out var got), $"ONNX output '{output.Name}' is missing; got {string.Join(", ", actual.Keys)}.");
            var g = output.Value;
            var shape = g.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(shape, got.Shape);
            var scale = Math.Max(1.0, g.GetProperty("maxAbs").GetDouble());
            var stride = g.GetProperty("stride").GetInt32();
            var error = 0.0;
            var i = 0;
            foreach (var sample in g.GetProperty("samples").EnumerateArray())
            {
                error = Math.Max(error, Math.Abs(got.Values[i * stride] - sample.GetDouble()) / scale);
                i++;
            }

            var sum = got.Values.Sum(v => (double)v);
            error = Math.Max(error, Math.Abs(sum - g.GetProperty("sum").GetDouble()) / got.Values.Length / scale);
            report?.WriteLine($"{output.Name}: scaled error {error:E2}");
            worst = Math.Max(worst, error);
        }

        return worst;
    }
}
