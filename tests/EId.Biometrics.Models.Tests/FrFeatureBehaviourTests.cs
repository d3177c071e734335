using EId.Biometrics.Models.Locating;
using EId.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EId.Biometrics.Models.Tests;

/// <summary>The copied fr_feature embedder behaves like a face embedder on real photos.</summary>
public sealed class FrFeatureBehaviourTests : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options = new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };

    public FrFeatureBehaviourTests() =>
        _session = new InferenceSession(BundledModels.Locator.ReadVerified(FaceModelNames.FrFeature), _options);

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    [Fact]
    public void Face_grey_and_noise_give_clearly_different_embeddings()
    {
        var face = Embed(FaceCrops.FrFeatureInput(SharedData.Require("faces/lfw-subset/images/Colin_Powell/Colin_Powell_0001.jpg")));
        var grey = Embed(new float[3 * 112 * 112]); // mid-grey 127 → 0 after (x − 127) / 128
        var random = new Random(11);
        var noise = Embed(Enumerable.Range(0, 3 * 112 * 112).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray());

        TestContext.Current.TestOutputHelper?.WriteLine($"cosines: face/grey {Cosine(face, grey):F3}, face/noise {Cosine(face, noise):F3}, grey/noise {Cosine(grey, noise):F3}");
        Assert.All(new[] { face, grey, noise }, e => Assert.True(e.All(float.IsFinite) && Norm(e) > 1e-3));
        Assert.True(Cosine(face, grey) < 0.6, $"face vs grey cosine {Cosine(face, grey):F3}");
        Assert.True(Cosine(face, noise) < 0.6, $"face vs noise cosine {Cosine(face, noise):F3}");
        Assert.True(Cosine(grey, noise) < 0.9, $"grey vs noise cosine {Cosine(grey, noise):F3}");
    }

    [Fact]
    public void Same_person_scores_above_different_people()
    {
        string[] people = ["Colin_Powell", "George_W_Bush", "Tony_Blair", "Vladimir_Putin"];
        var embeddings = people.ToDictionary(p => p, p => Enumerable.Range(1, 3)
            .Select(i => Embed(FaceCrops.FrFeatureInput(SharedData.Require($"faces/lfw-subset/images/{p}/{p}_{i:0000}.jpg"))))
            .ToArray());

        var genuine = new List<double>();
        var impostor = new List<double>();
        foreach (var a in people)
        {
            foreach (var b in people)
            {
                for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                {
                    if (a == b && i < j)
                    {
                        genuine.Add(Cosine(embeddings[a][i], embeddings[b][j]));
                    }
                    else if (string.CompareOrdinal(a, b) < 0)
                    {
                        impostor.Add(Cosine(embeddings[a][i], embeddings[b][j]));
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"genuine mean {genuine.Average():F3} (min {genuine.Min():F3}), impostor mean {impostor.Average():F3} (max {impostor.Max():F3})");
        Assert.True(genuine.Average() > impostor.Average() + 0.2, $"genuine mean {genuine.Average():F3}, impostor mean {impostor.Average():F3}");
    }

    private float[] Embed(float[] input)
    {
        var name = _session.InputMetadata.Keys.Single();
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(input, [1, 3, 112, 112]))]);
        return results[0].AsTensor<float>().ToArray();
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum() / (Norm(a) * Norm(b));
}
