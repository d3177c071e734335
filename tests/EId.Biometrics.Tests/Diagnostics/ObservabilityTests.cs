using System.Diagnostics.Metrics;
using EId.Biometrics.Embedding;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Tests.Support;
using EId.Documents;
using EId.Faces;
using EId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EId.Biometrics.Tests.Diagnostics;

/// <summary>The face pipeline's meter and activities, the model health checks, the configuration overload and start-up validation.</summary>
public sealed class ObservabilityTests(PipelineFixture fixture)
{
    private const string Obama = "faces/face_recognition/obama/examples__knn_examples__train__obama__obama.jpg";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private string ModelDirectory()
    {
        fixture.RequirePipeline();
        return Path.GetDirectoryName(fixture.Locator.GetPath(FaceModelNames.FrLiveness))!;
    }

    [Fact]
    public async Task Face_matches_and_liveness_decisions_are_counted_timed_and_traced()
    {
        var dir = ModelDirectory();
        var photo = await File.ReadAllBytesAsync(SharedData.Require(Obama), Ct);
        using var telemetry = new TelemetryRecorder(BiometricsTelemetry.SourceName);
        var services = new ServiceCollection().AddSingleton<IMeterFactory>(telemetry);
        services.AddEIdBiometrics(o => o.ModelDirectory = dir);
        services.AddEIdLiveness(o => o.ModelDirectory = dir);
        await using var provider = services.BuildServiceProvider();
        var capture = new FaceCapture([new FaceFrame(photo, TimeSpan.Zero)]);

        var match = await provider.GetRequiredService<IFaceVerifier>().VerifyAsync(new DocumentPortrait(photo, ImageFormat.Jpeg), capture, Ct);
        var active = await provider.GetRequiredService<ActiveLivenessCheck>().CheckAsync(new FaceCapture([]), Ct);
        await provider.GetRequiredService<PassiveLivenessCheck>().CheckAsync(capture, Ct);

        Assert.True(match.IsMatch);
        var decision = Assert.Single(telemetry.Of("eid.face.match.decisions"));
        Assert.Equal(nameof(MatchDecision.Match), decision.Tag("eid.outcome"));
        Assert.Equal("s", Assert.Single(telemetry.Of("eid.face.match.duration")).Instrument.Unit);
        var liveness = telemetry.Of("eid.liveness.decisions");
        Assert.Equal(2, liveness.Count);
        Assert.Contains(liveness, m => (string?)m.Tag("eid.kind") == "active-challenge" && (string?)m.Tag("eid.reason") == active.Reasons[0].ToString());
        Assert.Contains(liveness, m => (string?)m.Tag("eid.kind") == "fr_liveness");
        Assert.All(telemetry.Of("eid.liveness.duration"), m => Assert.Equal("s", m.Instrument.Unit));
        Assert.Single(telemetry.Activities, a => a.OperationName == "eid.face.match");
        Assert.Equal(2, telemetry.Activities.Count(a => a.OperationName == "eid.liveness"));
    }

    [Fact]
    public async Task The_model_health_checks_are_healthy_with_the_models_and_name_a_missing_model_and_the_folders_searched()
    {
        var dir = ModelDirectory();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddEIdBiometrics(o => o.ModelDirectory = dir);
        services.AddEIdLiveness(o => o.ModelDirectory = dir);
        services.AddHealthChecks().AddEIdBiometrics().AddEIdLiveness();
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        Assert.Equal(HealthStatus.Healthy, report.Entries["eid.biometrics"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["eid.liveness"].Status);

        var empty = Directory.CreateTempSubdirectory("eid-no-models-").FullName;
        try
        {
            var missing = await new FaceModelsHealthCheck(new ModelLocator(empty), ["no_such_model"]).CheckHealthAsync(null!, Ct);
            Assert.Equal(HealthStatus.Unhealthy, missing.Status);
            Assert.Contains("no_such_model", missing.Description, StringComparison.Ordinal);
            Assert.Contains(empty, missing.Description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task A_missing_model_file_fails_at_start_naming_the_option_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"eid-no-arcface-{Guid.NewGuid():N}.onnx");
        await using var provider = new ServiceCollection()
            .AddEIdBiometrics(o => { o.Embedder = FaceEmbedderKind.ArcFace; o.ArcFaceModelPath = missing; })
            .BuildServiceProvider();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () => await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(Ct));

        Assert.Contains("ArcFaceModelPath", failure.Message, StringComparison.Ordinal);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_overload_binds_the_options()
    {
        var dir = ModelDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelDirectory"] = dir,
            ["DetectionScoreThreshold"] = "0.7",
            ["ReferenceCacheCapacity"] = "12",
        }).Build();

        using var provider = new ServiceCollection().AddEIdBiometrics(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<BiometricsOptions>>().Value;

        Assert.Equal(dir, options.ModelDirectory);
        Assert.Equal(0.7f, options.DetectionScoreThreshold, 3);
        Assert.Equal(12, options.ReferenceCacheCapacity);
    }
}
