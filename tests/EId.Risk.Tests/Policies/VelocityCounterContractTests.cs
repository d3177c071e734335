using EId.Risk.Policies;
using Npgsql;

namespace EId.Risk.Tests.Policies;

/// <summary>
/// The same assertions on every <see cref="IVelocityCounter"/>: the in-process <see cref="SlidingWindowCounter"/> and the shared
/// <see cref="PostgresVelocityCounter"/>, which must also count across instances (two counters on one schema are two gateways).
/// </summary>
public sealed class VelocityCounterContractTests : IAsyncDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly string _schema = $"eid_velocity_test_{Guid.NewGuid():N}"[..40];
    private readonly List<IVelocityCounter> _made = [];

    public static TheoryData<string> Kinds => ["memory", "postgres"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_window_slides_exactly_at_its_boundary(string kind)
    {
        var counter = Create(kind);
        Assert.True(await counter.TryAcquireAsync("k", At, 2, Window, Ct));
        Assert.True(await counter.TryAcquireAsync("k", At.AddSeconds(30), 2, Window, Ct));
        Assert.False(await counter.TryAcquireAsync("k", At.AddSeconds(59), 2, Window, Ct));
        Assert.True(await counter.TryAcquireAsync("other", At.AddSeconds(59), 2, Window, Ct));

        // At exactly one window after the first event it no longer counts; the refused attempt was never counted.
        Assert.True(await counter.TryAcquireAsync("k", At.Add(Window), 2, Window, Ct));
        Assert.False(await counter.TryAcquireAsync("k", At.Add(Window).AddSeconds(1), 2, Window, Ct));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Concurrent_callers_at_a_limit_get_exactly_the_limit(string kind)
    {
        var counter = Create(kind);
        var granted = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () => await counter.TryAcquireAsync("device:k1", At.AddMilliseconds(i), 5, Window, Ct), Ct)));
        Assert.Equal(5, granted.Count(g => g));
    }

    [Fact]
    public async Task Two_postgres_instances_count_one_limit_together()
    {
        var first = Create("postgres");
        var second = Create("postgres");
        var granted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).TryAcquireAsync("subject:x", At.AddMilliseconds(i), 7, Window, Ct), Ct)));

        Assert.Equal(7, granted.Count(g => g));
        Assert.Equal(7, await ((PostgresVelocityCounter)first).CountInAsync("subject:x", At.AddSeconds(1), Window, Ct));
        Assert.False(await second.TryAcquireAsync("subject:x", At.AddSeconds(2), 7, Window, Ct));
    }

    [Fact]
    public async Task Pruning_drops_only_rows_outside_every_window()
    {
        var counter = (PostgresVelocityCounter)Create("postgres");
        Assert.True(await counter.TryAcquireAsync("a", At, 5, Window, Ct));
        Assert.True(await counter.TryAcquireAsync("b", At.AddSeconds(50), 5, Window, Ct));

        Assert.Equal(1, await counter.PruneAsync(At.AddSeconds(70), Ct));
        Assert.Equal(0, await counter.CountInAsync("a", At.AddSeconds(70), Window, Ct));
        Assert.Equal(1, await counter.CountInAsync("b", At.AddSeconds(70), Window, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var counter in _made.OfType<IAsyncDisposable>())
        {
            await counter.DisposeAsync();
        }

        var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        if (_made.OfType<PostgresVelocityCounter>().Any() && !string.IsNullOrWhiteSpace(value))
        {
            await using var connection = new NpgsqlConnection(value);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private IVelocityCounter Create(string kind)
    {
        IVelocityCounter counter;
        if (kind == "memory")
        {
            counter = new SlidingWindowCounter();
        }
        else
        {
            var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
            counter = new PostgresVelocityCounter(value!, _schema);
        }

        _made.Add(counter);
        return counter;
    }
}
