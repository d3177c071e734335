using EId.Biometrics.Embedding;
using EId.Biometrics.Liveness;
using EId.Biometrics.Matching;
using EId.Biometrics.Tests.Support;
using EId.Documents;
using EId.Faces;
using EId.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Biometrics.Tests.Matching;

/// <summary>One source of the match threshold: the embedder's profile, one override, a threshold per reference kind.</summary>
public sealed class MatchThresholdTests(PipelineFixture fixture)
{
    private const string Reference = "faces/face_recognition/obama/examples__knn_examples__train__obama__obama.jpg";
    private const string Live = "faces/face_recognition/obama/examples__knn_examples__train__obama__obama2.jpg";
    private static string ModelDirectory => Path.Combine(SharedData.RepoRoot, ".cache", "models");

    [Fact]
    public void The_embedder_profile_gives_the_thresholds_and_the_override_replaces_every_kind()
    {
        var shipped = FaceMatchThresholds.Of(EmbedderProfile.FrFeature);
        Assert.Equal((MatchThresholds.FrFeature, MatchThresholds.FrFeatureThumbnail), (shipped.Portrait, shipped.Thumbnail));
        Assert.Equal(shipped, FaceMatchThresholds.Shipped);
        Assert.Equal(shipped, FaceMatchThresholds.Of(new BiometricsOptions()));
        Assert.Equal(MatchThresholds.FrFeatureThumbnail, shipped.For(FaceReferenceKind.Thumbnail));
        Assert.Equal(MatchThresholds.FrFeature, shipped.For(FaceReferenceKind.Portrait));
        Assert.Equal(MatchThresholds.FrFeature, shipped.For((FaceReferenceKind)42)); // unknown: the stricter one

        // A model not calibrated on thumbnails keeps its portrait threshold for them (never lower than measured).
        var mobile = FaceMatchThresholds.Of(new BiometricsOptions { Embedder = FaceEmbedderKind.MobileFace });
        Assert.Equal((MatchThresholds.MobileFace, MatchThresholds.MobileFace), (mobile.Portrait, mobile.Thumbnail));

        var overridden = FaceMatchThresholds.Of(new BiometricsOptions { MatchThreshold = 0.5f });
        Assert.Equal((0.5f, 0.5f), (overridden.Portrait, overridden.Thumbnail));
    }

    [Fact]
    public void The_registered_matcher_and_verifier_decide_at_the_registered_thresholds()
    {
        fixture.RequirePipeline();
        using var shipped = new ServiceCollection().AddEIdBiometrics(o => o.ModelDirectory = ModelDirectory).BuildServiceProvider();
        var matcher = Assert.IsType<CosineFaceMatcher>(shipped.GetRequiredService<IFaceMatcher>());
        Assert.Same(shipped.GetRequiredService<FaceMatchThresholds>(), matcher.Thresholds);
        Assert.Equal(FaceMatchThresholds.Shipped, matcher.Thresholds);

        using var overridden = new ServiceCollection().AddEIdBiometrics(o => { o.ModelDirectory = ModelDirectory; o.MatchThreshold = 0.55f; }).BuildServiceProvider();
        Assert.Equal(new FaceMatchThresholds(0.55f, 0.55f), overridden.GetRequiredService<FaceMatchThresholds>());
        Assert.Equal(0.55f, ((CosineFaceMatcher)overridden.GetRequiredService<IFaceMatcher>()).Threshold);
    }

    [Fact]
    public async Task A_thumbnail_reference_is_matched_at_the_thumbnail_threshold_and_a_portrait_at_the_portrait_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var pipeline = fixture.RequirePipeline();
        var reference = new DocumentPortrait(File.ReadAllBytes(SharedData.Require(Reference)), ImageFormat.Jpeg);
        var live = new FaceCapture([new FaceFrame(File.ReadAllBytes(SharedData.Require(Live)), TimeSpan.Zero)]);
        var score = (await new FaceVerifier(pipeline, fixture.Matcher).VerifyAsync(reference, live, ct)).Score;
        Assert.False(float.IsNaN(score));

        // Thresholds just either side of this genuine pair's score: only the kind decides.
        var verifier = new FaceVerifier(pipeline, new CosineFaceMatcher(new FaceMatchThresholds(score + 0.01f, score - 0.01f)));
        var asPortrait = await verifier.VerifyAsync(reference, live, ct);
        var asThumbnail = await verifier.VerifyAsync(reference, FaceReferenceKind.Thumbnail, live, ct);
        var explicitPortrait = await verifier.VerifyAsync(reference, FaceReferenceKind.Portrait, live, ct);

        Assert.Equal((MatchDecision.NoMatch, score + 0.01f), (asPortrait.Decision, asPortrait.Threshold));
        Assert.Equal((MatchDecision.Match, score - 0.01f), (asThumbnail.Decision, asThumbnail.Threshold));
        Assert.Equal(asPortrait.Decision, explicitPortrait.Decision);
        Assert.Equal(asPortrait.Score, asThumbnail.Score);
    }

    [Fact]
    public async Task An_unreadable_thumbnail_is_inconclusive_at_the_thumbnail_threshold()
    {
        var pipeline = fixture.RequirePipeline();
        var verifier = new FaceVerifier(pipeline, fixture.Matcher);
        var live = new FaceCapture([new FaceFrame(File.ReadAllBytes(SharedData.Require(Live)), TimeSpan.Zero)]);

        var match = await verifier.VerifyAsync(new DocumentPortrait("not an image"u8.ToArray(), ImageFormat.Jpeg), FaceReferenceKind.Thumbnail, live, TestContext.Current.CancellationToken);

        Assert.Equal(MatchDecision.Inconclusive, match.Decision);
        Assert.Equal(FaceMatchReason.ReferenceUnreadable, Assert.Single(match.Reasons));
    }

    [Property]
    public Property The_decision_is_the_score_against_the_kinds_threshold(NormalFloat[] a, NormalFloat[] b, NormalFloat portrait, NormalFloat thumbnail)
    {
        var length = Math.Min(a?.Length ?? 0, b?.Length ?? 0);
        if (length == 0)
        {
            return true.ToProperty();
        }

        var reference = new FaceTemplate("m", a!.Take(length).Select(x => (float)x.Get).ToArray());
        var probe = new FaceTemplate("m", b!.Take(length).Select(x => (float)x.Get).ToArray());
        var matcher = new CosineFaceMatcher(new FaceMatchThresholds((float)Math.Tanh(portrait.Get), (float)Math.Tanh(thumbnail.Get)));
        return Enum.GetValues<FaceReferenceKind>().All(kind =>
        {
            var match = matcher.Compare(reference, probe, kind);
            var threshold = matcher.Thresholds.For(kind);
            return match.Threshold == threshold && (float.IsNaN(match.Score)
                ? match.Decision == MatchDecision.NoMatch
                : match.IsMatch == (match.Score >= threshold));
        }).ToProperty();
    }

    [Fact]
    public void The_liveness_options_report_every_problem_of_their_active_and_quality_settings_at_start()
    {
        fixture.RequirePipeline();
        using var provider = new ServiceCollection()
            .AddEIdBiometrics(o => o.ModelDirectory = ModelDirectory)
            .AddEIdLiveness(o =>
            {
                o.ModelDirectory = ModelDirectory;
                o.PassiveThreshold = 2;
                o.Active.StepTimeLimit = TimeSpan.Zero;
                o.Quality.MinBrightness = 220;
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LivenessOptions>>().Value);

        Assert.Contains("PassiveThreshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("Active: Time limits must be positive.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Quality: Brightness", StringComparison.Ordinal));
        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public void The_shipped_liveness_options_are_valid()
    {
        fixture.RequirePipeline();
        using var provider = new ServiceCollection()
            .AddEIdLiveness(o => o.ModelDirectory = ModelDirectory)
            .Configure<BiometricsOptions>(o => o.ModelDirectory = ModelDirectory)
            .BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IOptions<LivenessOptions>>().Value);
        Assert.NotNull(provider.GetRequiredService<ActiveLivenessSession>());
    }
}
