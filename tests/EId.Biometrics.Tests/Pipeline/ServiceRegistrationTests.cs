using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Imaging;
using EId.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Biometrics.Tests.Pipeline;

public sealed class ServiceRegistrationTests(PipelineFixture fixture)
{
    private static string ModelDirectory => Path.Combine(SharedData.RepoRoot, ".cache", "models");

    [Fact]
    public void Registers_the_default_pipeline()
    {
        fixture.RequirePipeline();
        using var provider = new ServiceCollection().AddEIdBiometrics(o => o.ModelDirectory = ModelDirectory).BuildServiceProvider();
        Assert.IsType<SkiaImageDecoder>(provider.GetRequiredService<IImageDecoder>());
        Assert.Equal(FaceModelNames.FrFeature, provider.GetRequiredService<IFaceEmbedder>().ModelId);
        Assert.NotNull(provider.GetRequiredService<IFaceVerifier>());
        Assert.NotNull(provider.GetRequiredService<IFaceLandmarker>());
        Assert.Equal(EId.Biometrics.Matching.MatchThresholds.FrFeature, ((EId.Biometrics.Matching.CosineFaceMatcher)provider.GetRequiredService<IFaceMatcher>()).Threshold);
    }

    [Fact]
    public void Validation_rejects_bad_options()
    {
        using var arcFace = new ServiceCollection()
            .AddEIdBiometrics(o => { o.ModelDirectory = ModelDirectory; o.Embedder = FaceEmbedderKind.ArcFace; })
            .BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => arcFace.GetRequiredService<IOptions<BiometricsOptions>>().Value);
        Assert.Contains("ArcFaceModelPath", error.Message, StringComparison.Ordinal);

        using var threshold = new ServiceCollection()
            .AddEIdBiometrics(o => { o.ModelDirectory = ModelDirectory; o.MatchThreshold = 3; })
            .BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => threshold.GetRequiredService<IOptions<BiometricsOptions>>().Value);

        using var missing = new ServiceCollection()
            .AddEIdBiometrics(o => { o.ModelDirectory = Path.GetTempPath(); o.Embedder = FaceEmbedderKind.MobileFace; })
            .BuildServiceProvider();
        if (!new ModelLocator(Path.GetTempPath()).TryGetPath(FaceModelNames.MobileFace, out _))
        {
            Assert.Throws<OptionsValidationException>(() => missing.GetRequiredService<IOptions<BiometricsOptions>>().Value);
        }
    }
}
