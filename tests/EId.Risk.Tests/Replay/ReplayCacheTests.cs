using EId.Testing;
using EId.Risk.Replay;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EId.Risk.Tests.Replay;

public sealed class ReplayCacheTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly TempSqliteFile _file = new("nonces");
    private string _path => _file.Path;
    private readonly string _schema = $"eid_nonce_test_{Guid.NewGuid():N}"[..40];

    public static TheoryData<string> Kinds => ["memory", "sqlite", "postgres"];

    private static string? Postgres => Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Nonce_is_single_use_until_it_expires(string kind)
    {
        var cache = Create(kind);
        try
        {
            var expiry = _time.GetUtcNow().AddMinutes(2);
            Assert.True(await cache.TryRegisterAsync("d1", "nonce-aaaaaaaaaaaaaaaa", expiry, TestContext.Current.CancellationToken));
            Assert.False(await cache.TryRegisterAsync("d1", "nonce-aaaaaaaaaaaaaaaa", expiry, TestContext.Current.CancellationToken));
            Assert.True(await cache.TryRegisterAsync("d2", "nonce-aaaaaaaaaaaaaaaa", expiry, TestContext.Current.CancellationToken));

            _time.Advance(TimeSpan.FromMinutes(2).Subtract(TimeSpan.FromMilliseconds(1)));
            Assert.False(await cache.TryRegisterAsync("d1", "nonce-aaaaaaaaaaaaaaaa", expiry.AddMinutes(2), TestContext.Current.CancellationToken));
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await cache.TryRegisterAsync("d1", "nonce-aaaaaaaaaaaaaaaa", expiry.AddMinutes(2), TestContext.Current.CancellationToken));
        }
        finally
        {
            await Close(cache);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Concurrent_registrations_of_one_nonce_admit_exactly_one(string kind)
    {
        var cache = Create(kind);
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
                await cache.TryRegisterAsync("d", "nonce-bbbbbbbbbbbbbbbb", _time.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken))));
            Assert.Equal(1, results.Count(r => r));
        }
        finally
        {
            await Close(cache);
        }
    }

    [Fact]
    public async Task Sqlite_cache_prunes_expired_nonces_and_remembers_live_ones_across_restarts()
    {
        using (var cache = new SqliteReplayCache(_path, _time))
        {
            Assert.True(await cache.TryRegisterAsync("d", "short-lived-nonce-1", _time.GetUtcNow().AddSeconds(10), TestContext.Current.CancellationToken));
            Assert.True(await cache.TryRegisterAsync("d", "long-lived-nonce-22", _time.GetUtcNow().AddMinutes(10), TestContext.Current.CancellationToken));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        using var restarted = new SqliteReplayCache(_path, _time);
        Assert.Equal(1, restarted.PruneExpired());
        Assert.False(await restarted.TryRegisterAsync("d", "long-lived-nonce-22", _time.GetUtcNow().AddMinutes(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Memory_cache_prunes_expired_nonces()
    {
        var cache = new InMemoryReplayCache(_time);
        await cache.TryRegisterAsync("d", "n1-aaaaaaaaaaaaaaa", _time.GetUtcNow().AddSeconds(1), TestContext.Current.CancellationToken);
        await cache.TryRegisterAsync("d", "n2-aaaaaaaaaaaaaaa", _time.GetUtcNow().AddSeconds(100), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(2));

        cache.Prune(_time.GetUtcNow());

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Postgres_cache_is_shared_by_instances_and_survives_restarts()
    {
        Assert.SkipWhen(string.IsNullOrWhiteSpace(Postgres), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
        var expiry = _time.GetUtcNow().AddMinutes(2);
        await using (var first = new PostgresReplayCache(Postgres!, _schema, _time))
        {
            Assert.True(await first.TryRegisterAsync("d", "shared-nonce-0000001", expiry, TestContext.Current.CancellationToken));
            Assert.True(await first.TryRegisterAsync("d", "short-nonce-00000001", _time.GetUtcNow().AddSeconds(1), TestContext.Current.CancellationToken));
        }

        await using var second = new PostgresReplayCache(Postgres!, _schema, _time);
        Assert.False(await second.TryRegisterAsync("d", "shared-nonce-0000001", expiry, TestContext.Current.CancellationToken));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await second.PruneExpiredAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (!string.IsNullOrWhiteSpace(Postgres))
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        _file.Dispose();
    }

    private static async ValueTask Close(IReplayCache cache)
    {
        if (cache is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            (cache as IDisposable)?.Dispose();
        }
    }

    private IReplayCache Create(string kind)
    {
        switch (kind)
        {
            case "memory":
                return new InMemoryReplayCache(_time);
            case "sqlite":
                return new SqliteReplayCache(_path, _time);
            default:
                Assert.SkipWhen(string.IsNullOrWhiteSpace(Postgres), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
                return new PostgresReplayCache(Postgres!, _schema, _time);
        }
    }
}
