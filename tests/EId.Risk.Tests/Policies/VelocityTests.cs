using EId.Privacy;
using EId.Risk.Policies;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Risk.Tests.Policies;

public sealed class VelocityTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly SubjectPseudonym _pseudonym = new(new byte[32]);

    [Theory]
    [InlineData(1, 64)]
    [InlineData(16, 64)]
    [InlineData(100, 400)]
    public void Concurrent_acquires_at_the_limit_succeed_exactly_limit_times(int limit, int callers)
    {
        var counter = new SlidingWindowCounter();
        var granted = 0;

        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (counter.TryAcquire("device:k1", At, limit, TimeSpan.FromMinutes(1)))
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(limit, granted);
        Assert.Equal(limit, counter.CountIn("device:k1", At, TimeSpan.FromMinutes(1)));
    }

    /// <summary>Random limits, callers and arrival times inside one window: exactly min(callers, limit) get through.</summary>
    [Property(MaxTest = 40)]
    public Property Grants_are_exact_for_any_limit_and_any_number_of_concurrent_callers(PositiveInt limit, PositiveInt callers, int seed)
    {
        var l = 1 + (limit.Get % 40);
        var n = 1 + (callers.Get % 120);
        var offsets = new Random(seed).GetItems(Enumerable.Range(0, 59_000).ToArray(), n);
        var counter = new SlidingWindowCounter();
        var granted = 0;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (counter.TryAcquire("k", At.AddMilliseconds(offsets[i]), l, TimeSpan.FromMinutes(1)))
            {
                Interlocked.Increment(ref granted);
            }
        });

        return (granted == Math.Min(n, l)).Label($"limit {l}, callers {n}, granted {granted}");
    }

    [Fact]
    public void Window_slides_exactly_at_its_boundary()
    {
        var counter = new SlidingWindowCounter();
        var window = TimeSpan.FromMinutes(1);
        Assert.True(counter.TryAcquire("k", At, 2, window));
        Assert.True(counter.TryAcquire("k", At.AddSeconds(30), 2, window));

        Assert.False(counter.TryAcquire("k", At.AddSeconds(59.9999999), 2, window));
        Assert.True(counter.TryAcquire("k", At.AddMinutes(1), 2, window));
        Assert.False(counter.TryAcquire("k", At.AddMinutes(1).AddSeconds(29), 2, window));
        Assert.True(counter.TryAcquire("k", At.AddMinutes(1).AddSeconds(30), 2, window));
    }

    [Fact]
    public void Sweep_drops_idle_keys_without_losing_live_counts()
    {
        var counter = new SlidingWindowCounter();
        var window = TimeSpan.FromMinutes(1);
        counter.TryAcquire("old", At, 5, window);
        counter.TryAcquire("live", At.AddSeconds(50), 1, window);

        counter.Sweep(At.AddSeconds(70), window);

        Assert.Equal(1, counter.KeyCount);
        Assert.False(counter.TryAcquire("live", At.AddSeconds(71), 1, window));
        Assert.True(counter.TryAcquire("old", At.AddSeconds(71), 1, window));
    }

    [Fact]
    public async Task Policy_limits_per_device_subject_and_site_under_concurrency()
    {
        var policy = new VelocityPolicy(
            [
                new VelocityRule { Scope = VelocityScope.Subject, Limit = 3, Window = TimeSpan.FromHours(24) },
                new VelocityRule { Scope = VelocityScope.Device, Limit = 10, Window = TimeSpan.FromMinutes(1), Decision = RiskDecision.Review },
                new VelocityRule { Scope = VelocityScope.Site, Limit = 1000, Window = TimeSpan.FromMinutes(1), Action = "other" },
            ],
            _pseudonym);

        var sameSubject = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            await policy.EvaluateAsync(Context("dev-a", "110101199003074518"), TestContext.Current.CancellationToken))));
        Assert.Equal(3, sameSubject.Count(r => r.IsAllowed));
        Assert.All(sameSubject.Where(r => !r.IsAllowed), r => Assert.Equal(RiskReasonCode.VelocityExceeded, r.Reasons[0].Code));

        var perDevice = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await policy.EvaluateAsync(Context("dev-b", $"1101011990030{i:00000}"), TestContext.Current.CancellationToken))));
        Assert.Equal(10, perDevice.Count(r => r.IsAllowed));
        Assert.All(perDevice.Where(r => !r.IsAllowed), r => Assert.Equal(RiskDecision.Review, r.Decision));
        Assert.DoesNotContain(perDevice.SelectMany(r => r.Reasons), r => r.Detail.Contains("11010119", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_rules_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new VelocityPolicy([new VelocityRule { Limit = 0 }], _pseudonym));
        Assert.Throws<ArgumentException>(() => new VelocityPolicy([new VelocityRule { Window = TimeSpan.Zero }], _pseudonym));
    }

    public void Dispose() => _pseudonym.Dispose();

    private static RiskContext Context(string device, string idNumber) =>
        new() { Action = "issue-eid", At = At, DeviceId = device, SiteId = "site-1", IdNumber = idNumber };
}
