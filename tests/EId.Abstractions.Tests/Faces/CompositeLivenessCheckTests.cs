using EId.Faces;

namespace EId.Abstractions.Tests.Faces;

/// <summary>The liveness policy both flows run: every member must say live; failures and missing checks refuse.</summary>
public sealed class CompositeLivenessCheckTests
{
    private static readonly FaceCapture Capture = new([new FaceFrame(new byte[] { 1, 2, 3 }, TimeSpan.Zero)]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_confident_refusal_is_never_outvoted_and_later_members_do_not_run()
    {
        var later = new Member("later", LivenessDecision.Live, 0.99f);
        var policy = new CompositeLivenessCheck([new Member("a", LivenessDecision.Live, 0.98f), new Member("b", LivenessDecision.Spoof, 0.01f), later]);

        var result = await policy.CheckAsync(Capture, Ct);

        Assert.False(result.IsLive);
        Assert.Equal(LivenessDecision.Spoof, result.Decision);
        Assert.StartsWith("b: ", result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, later.Calls);
    }

    [Fact]
    public async Task A_member_that_throws_refuses_with_check_failed()
    {
        var policy = new CompositeLivenessCheck([new Member("ok", LivenessDecision.Live, 0.9f), new Member("broken", LivenessDecision.Live, 1f) { Throws = true }]);

        var result = await policy.CheckAsync(Capture, Ct);

        Assert.False(result.IsLive);
        Assert.Equal(LivenessDecision.Inconclusive, result.Decision);
        Assert.Equal([LivenessReason.CheckFailed], result.Reasons);
        Assert.Contains("broken", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_member_means_no_evidence_and_refuses()
    {
        var result = await new CompositeLivenessCheck([]).CheckAsync(Capture, Ct);
        Assert.False(result.IsLive);
        Assert.Equal(LivenessDecision.Inconclusive, result.Decision);
    }

    [Fact]
    public async Task All_live_is_live_with_the_lowest_score_and_nested_policies_are_flattened()
    {
        var inner = new CompositeLivenessCheck([new Member("x", LivenessDecision.Live, 0.7f), new Member("y", LivenessDecision.Live, 0.4f)]);
        var policy = new CompositeLivenessCheck([inner, new Member("z", LivenessDecision.Live, 0.9f)]);

        var result = await policy.CheckAsync(Capture, Ct);

        Assert.True(result.IsLive);
        Assert.Equal(0.4f, result.Score);
        Assert.Equal("x+y+z", policy.Name);
        Assert.Equal(3, policy.Checks.Count);
    }

    [Fact]
    public async Task Cancellation_is_not_swallowed_as_a_failed_check()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var policy = new CompositeLivenessCheck([new Member("slow", LivenessDecision.Live, 1f)]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => policy.CheckAsync(Capture, cancelled.Token).AsTask());
    }

    private sealed class Member(string name, LivenessDecision decision, float score) : ILivenessCheck
    {
        public string Name => name;

        public bool Throws { get; init; }

        public int Calls { get; private set; }

        public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Calls++;
            return Throws
                ? throw new InvalidOperationException("model file vanished")
                : ValueTask.FromResult(new LivenessResult(score, decision, [decision == LivenessDecision.Live ? LivenessReason.PassiveScoreAboveThreshold : LivenessReason.PassiveScoreBelowThreshold]) { Detail = $"{name} detail" });
        }
    }
}
