using EId.Faces;
using EId.Risk.Replay;
using Npgsql;

namespace EId.Risk.Tests.Replay;

/// <summary>The same assertions on every <see cref="ILivenessChallengeStore"/>: in process, and PostgreSQL shared by two instances.</summary>
public sealed class LivenessChallengeStoreTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string _schema = $"eid_challenge_test_{Guid.NewGuid():N}"[..40];
    private readonly List<ILivenessChallengeStore> _made = [];

    public static TheoryData<string> Kinds => ["memory", "postgres"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_challenge_is_redeemed_once_and_not_after_it_expires(string kind)
    {
        var (issuing, redeeming) = Pair(kind);
        var challenge = new LivenessChallenge("c1", [ChallengeKind.TurnLeft, ChallengeKind.Blink], T0, T0.AddMinutes(1), TimeSpan.FromSeconds(5));
        await issuing.AddAsync(challenge, Ct);

        var redeemed = await redeeming.TryRedeemAsync("c1", T0.AddSeconds(10), Ct);
        Assert.NotNull(redeemed);
        Assert.Equal(challenge.Steps, redeemed.Steps);
        Assert.Equal(challenge.IssuedAt, redeemed.IssuedAt);
        Assert.Equal(challenge.StepTimeLimit, redeemed.StepTimeLimit);
        Assert.Null(await issuing.TryRedeemAsync("c1", T0.AddSeconds(11), Ct));
        Assert.Null(await redeeming.TryRedeemAsync("never-issued", T0, Ct));

        await issuing.AddAsync(challenge with { Id = "c2" }, Ct);
        Assert.Null(await redeeming.TryRedeemAsync("c2", T0.AddMinutes(1), Ct));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Concurrent_redeemers_get_a_challenge_exactly_once(string kind)
    {
        var (issuing, redeeming) = Pair(kind);
        await issuing.AddAsync(new LivenessChallenge("race", [ChallengeKind.Blink], T0, T0.AddMinutes(1), TimeSpan.FromSeconds(5)), Ct);
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () => await (i % 2 == 0 ? issuing : redeeming).TryRedeemAsync("race", T0, Ct), Ct)));
        Assert.Single(results, r => r is not null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _made.OfType<IAsyncDisposable>())
        {
            await store.DisposeAsync();
        }

        var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        if (_made.OfType<PostgresLivenessChallengeStore>().Any() && !string.IsNullOrWhiteSpace(value))
        {
            await using var connection = new NpgsqlConnection(value);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Two instances on one schema for PostgreSQL; one store twice in memory (a process shares its own).
    private (ILivenessChallengeStore Issuing, ILivenessChallengeStore Redeeming) Pair(string kind)
    {
        if (kind == "memory")
        {
            var store = new InMemoryLivenessChallengeStore();
            _made.Add(store);
            return (store, store);
        }

        var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
        var first = new PostgresLivenessChallengeStore(value!, _schema);
        var second = new PostgresLivenessChallengeStore(value!, _schema);
        _made.AddRange([first, second]);
        return (first, second);
    }
}
