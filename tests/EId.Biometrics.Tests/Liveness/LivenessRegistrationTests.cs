using EId.Biometrics;
using EId.Biometrics.Liveness;
using EId.Biometrics.Quality;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Biometrics.Tests.Liveness;

/// <summary><c>AddEIdLiveness</c> wires real checks and validates its options.</summary>
public sealed class LivenessRegistrationTests(PipelineFixture fixture)
{
    private string ModelDirectory()
    {
        fixture.RequirePipeline();
        return Path.GetDirectoryName(fixture.Locator.GetPath("fr_liveness"))!;
    }

    [Fact]
    public async Task Registers_the_passive_fusion_and_the_active_and_quality_services()
    {
        var dir = ModelDirectory();
        var services = new ServiceCollection();
        services.AddEIdBiometrics(o => o.ModelDirectory = dir);
        services.AddEIdLiveness(o => o.ModelDirectory = dir);
        services.AddEIdLiveness(); // idempotent: still one ILivenessCheck
        await using var provider = services.BuildServiceProvider();
        var checks = provider.GetServices<ILivenessCheck>().ToArray();
        var check = Assert.IsType<CompositeLivenessCheck>(Assert.Single(checks));
        // The policy: the active challenge first, then the fail-closed passive check (antispoof is not a default member).
        Assert.Equal("active-challenge+fr_liveness", check.Name);
        Assert.Equal([typeof(ActiveLivenessCheck), typeof(PassiveLivenessCheck)], check.Checks.Select(c => c.GetType()));
        Assert.NotNull(provider.GetRequiredService<ActiveLivenessSession>());
        Assert.Equal("active-challenge", provider.GetRequiredService<ActiveLivenessCheck>().Name);
        Assert.NotNull(provider.GetRequiredService<FaceQualityGate>());

        // A capture quoting no challenge is refused by the active check, with the typed reason, and so by the policy.
        var result = await provider.GetRequiredService<ActiveLivenessCheck>().CheckAsync(new FaceCapture([]), TestContext.Current.CancellationToken);
        Assert.Equal([LivenessReason.UnknownChallenge], result.Reasons);
        Assert.Equal([LivenessReason.UnknownChallenge], (await check.CheckAsync(new FaceCapture([]), TestContext.Current.CancellationToken)).Reasons);
    }

    [Fact]
    public async Task Without_the_active_challenge_the_policy_is_the_passive_check_alone()
    {
        var dir = ModelDirectory();
        var services = new ServiceCollection();
        services.AddEIdBiometrics(o => o.ModelDirectory = dir);
        services.AddEIdLiveness(o =>
        {
            o.ModelDirectory = dir;
            o.RequireActiveChallenge = false;
        });
        await using var provider = services.BuildServiceProvider();
        var check = Assert.IsType<CompositeLivenessCheck>(Assert.Single(provider.GetServices<ILivenessCheck>()));
        Assert.Equal("fr_liveness", check.Name);
    }

    [Theory]
    [InlineData("threshold")]
    [InlineData("key")]
    [InlineData("weights")]
    [InlineData("steps")]
    [InlineData("depth")]
    public void Invalid_options_fail_validation(string what)
    {
        var dir = ModelDirectory();
        var services = new ServiceCollection();
        services.AddEIdBiometrics(o => o.ModelDirectory = dir);
        services.AddEIdLiveness(o =>
        {
            o.ModelDirectory = dir;
            switch (what)
            {
                case "threshold": o.PassiveThreshold = 1.5f; break;
                case "key": o.ChallengeKey = new byte[4]; break;
                case "weights": o.PassiveModelThresholds.Add(0.5f); o.PassiveModelThresholds.Add(0.5f); break;
                case "depth": o.Active.AllowedSteps.Remove(ChallengeKind.TurnLeft); o.Active.AllowedSteps.Remove(ChallengeKind.TurnRight); break;
                case "steps": o.Active.AllowedSteps.Clear(); o.Active.AllowedSteps.Add(ChallengeKind.Blink); break;
            }
        });
        using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LivenessOptions>>().Value);
    }
}
