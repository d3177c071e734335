using EId.ModelImport.Catalog;
using EId.ModelImport.Conversion;
using EId.ModelImport.Fetching;
using EId.ModelImport.Fixtures;
using EId.ModelImport.Onnx;
using EId.ModelImport.Tfjs;
using EId.Testing;

namespace EId.ModelImport.Tests;

/// <summary>
/// Converted models must reproduce TensorFlow.js's own outputs (tools/golden) within 1e-4 scaled error,
/// on seeded noise (always) and on a real face crop (when ../shared is present).
/// </summary>
public sealed class FidelityTests
{
    public const double Tolerance = 1e-4;

    public static TheoryData<string> ConvertedModels { get; } = new(ModelCatalog.Models.Where(m => m.Kind == ModelSourceKind.ConvertedTfjs).Select(m => m.Name));

    [Theory]
    [MemberData(nameof(ConvertedModels))]
    public void Noise_input_matches_tensorflow_js(string name)
    {
        var spec = ModelCatalog.Get(name);
        var input = new SeededNoise((uint)GoldenFixture.Root.GetProperty("seed").GetInt64()).Fill(spec.InputSize * spec.InputSize * 3, spec.InputMin, spec.InputMax);
        var golden = GoldenFixture.Model(name).GetProperty("cases").GetProperty("noise");

        // The C# PRNG must be the JS one's twin, or the comparison means nothing.
        Assert.Equal(golden.GetProperty("inputSha256").GetString(), Sha256(input));
        var error = RunAndCompare(spec, Convert(name), input, golden);
        Assert.True(error <= Tolerance, $"{name}: scaled error {error:E2} exceeds {Tolerance:E0}.");
    }

    [Theory]
    [MemberData(nameof(ConvertedModels))]
    public void Face_input_matches_tensorflow_js(string name)
    {
        var image = SharedData.Require(FaceCropInput.SharedImage);
        var spec = ModelCatalog.Get(name);
        var input = FaceCropInput.Create(image, spec.InputSize, spec.InputMin, spec.InputMax);
        var golden = GoldenFixture.Model(name).GetProperty("cases").GetProperty("face");
        Assert.SkipUnless(golden.GetProperty("inputSha256").GetString() == Sha256(input),
            "The face crop decoded here differs from the one the goldens were made from (another image decoder?); the noise cases still check fidelity.");
        var error = RunAndCompare(spec, Convert(name), input, golden);
        Assert.True(error <= Tolerance, $"{name}: scaled error {error:E2} exceeds {Tolerance:E0}.");
    }

    [Theory]
    [InlineData("blazeface")]
    [InlineData("facemesh")]
    public void Same_lower_padding_mutant_is_caught(string name)
    {
        // TF "SAME" pads the odd pixel bottom/right; converting it as SAME_LOWER must break fidelity.
        var spec = ModelCatalog.Get(name);
        var input = new SeededNoise((uint)GoldenFixture.Root.GetProperty("seed").GetInt64()).Fill(spec.InputSize * spec.InputSize * 3, spec.InputMin, spec.InputMax);
        var golden = GoldenFixture.Model(name).GetProperty("cases").GetProperty("noise");
        var mutant = Convert(name, "SAME_LOWER");
        var error = RunAndCompare(spec, mutant, input, golden);
        Assert.True(error > 100 * Tolerance, $"{name}: the SAME_LOWER mutant scored {error:E2}, which the fidelity test would not catch.");
    }

    [Theory]
    [MemberData(nameof(ConvertedModels))]
    public void Bundled_model_file_is_this_converter_output(string name)
    {
        var bundled = Path.Combine(SharedData.RepoRoot, ".cache", "models", name + ".onnx");
        Assert.SkipUnless(File.Exists(bundled), ".cache/models is absent: build src/EId.Biometrics.Models first.");
        Assert.Equal(PackageIntegrity.Sha256Hex(Convert(name)), PackageIntegrity.Sha256Hex(File.ReadAllBytes(bundled)));
    }

    private static double RunAndCompare(ModelSpec spec, byte[] onnx, float[] input, System.Text.Json.JsonElement golden)
    {
        var inputName = GoldenFixture.Model(spec.Name).GetProperty("input").GetString()!;
        var outputs = OrtRunner.Run(onnx, inputName, input, [1, spec.InputSize, spec.InputSize, 3]);
        using var report = new StringWriter();
        var error = GoldenFixture.ScaledError(golden.GetProperty("outputs"), outputs, report);
        TestContext.Current.TestOutputHelper?.WriteLine($"{spec.Name}: {report.ToString().ReplaceLineEndings("; ")}");
        return error;
    }

    private static byte[] Convert(string name, string sameAutoPad = "SAME_UPPER")
    {
        var spec = ModelCatalog.Get(name);
        var files = HumanModelsSource.Files;
        var read = TfjsModelReader.Read(files[spec.PathInPackage], shard => files.GetValueOrDefault("package/models/" + shard));
        var model = read.GetValueOrThrow();
        if (sameAutoPad == "SAME_UPPER")
        {
            return ModelImporter.Convert(spec, files).Onnx;
        }

        return OnnxWriter.Serialize(TfjsToOnnxConverter.Convert(model, name, null, sameAutoPad).GetValueOrThrow());
    }

    private static string Sha256(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return PackageIntegrity.Sha256Hex(bytes);
    }
}
